namespace ServerlessMinSheng.Web.Tests;

/// <summary>从热点聚类提议: from a request's cluster on the review page to a project that links the cluster's requests.</summary>
[Collection(BrowserTests.Name)]
public class ProjectFromClusterPagesTests(BrowserFixture browser, ProjectSite site) : IClassFixture<ProjectSite>
{
    private const string Lamp = "朝林社区东门的路灯坏了一个多星期，晚上走路很黑，老人孩子出门不安全，希望尽快修好路灯。";

    [Fact]
    public async Task AClusterChosenInThePickerFillsTheProposalAndItsRequestsJoinTheProject()
    {
        string[] codes =
        [
            await site.TriagedRequestAsync("路灯不亮", Lamp),
            await site.TriagedRequestAsync("路灯坏了", "朝林社区东门的路灯坏了一个多星期，晚上很黑，出门不安全，希望尽快修好路灯。"),
            await site.TriagedRequestAsync("东门路灯不亮", Lamp),
        ];
        var shown = codes.Select(c => $"{c[..5]}-{c[5..]}").ToList();
        site.Time.Advance(TimeSpan.FromSeconds(31)); // The candidate list reads a 30-second cluster cache on the app's clock.

        await PageChecks.RunAsync(browser.Browser, "ProjectFromCluster", async page =>
        {
            await site.SignInAsync(page, ProjectSite.TownWorker);

            // The cluster's size follows triage a moment later: look again until it counts all three.
            var cluster = page.Locator("dl.facts dt", new() { HasTextString = "所属话题" }).Locator("xpath=following-sibling::dd[1]");
            for (var attempt = 1; ; attempt++)
            {
                await page.GotoAsync(site.Url($"/admin/request?code={codes[0]}"));
                await page.Locator("#request-detail .request-head").WaitForAsync();
                if (await cluster.CountAsync() == 1 && (await cluster.InnerTextAsync()).Contains("共 3 条", StringComparison.Ordinal))
                {
                    break;
                }

                Assert.True(attempt < 60, "the three requests did not end up in one cluster");
                await page.WaitForTimeoutAsync(500);
            }

            await PageChecks.AssertPageAsync(page);
            await cluster.GetByRole(AriaRole.Link, new() { Name = "提议民心微实事" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/projects?cluster=*");
            var form = page.Locator("#propose-form");
            await form.Locator("#propose-clusters:not([aria-busy])").WaitForAsync();
            var chosen = form.Locator("#propose-clusters input[name=clusterId]:checked");
            Assert.NotEqual(string.Empty, await chosen.GetAttributeAsync("value"));
            Assert.Contains("本辖区可纳入 3 条", await form.Locator("label.cluster-option", new() { Has = page.Locator("input:checked") }).InnerTextAsync(), StringComparison.Ordinal);
            Assert.StartsWith("解决“", await form.GetByLabel("项目名称").InputValueAsync(), StringComparison.Ordinal);
            Assert.Equal(shown.Order(StringComparer.Ordinal), (await form.GetByLabel("关联诉求的查询码").InputValueAsync()).Split('\n').Order(StringComparer.Ordinal));
            Assert.True(await form.GetByLabel(ProjectSite.Chaolin, new() { Exact = true }).IsCheckedAsync());
            Assert.Contains("已按热点聚类填入 3 条诉求", await form.Locator("#propose-clusters [role=status]").InnerTextAsync(), StringComparison.Ordinal);
            await form.GetByText("查看将关联的 3 条诉求").ClickAsync();
            Assert.Contains("路灯坏了", await form.Locator(".cluster-members").InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            // Choosing in the picker: away and back fills the form again.
            var clusterId = (await chosen.GetAttributeAsync("value"))!;
            await form.GetByLabel("不从聚类提议").CheckAsync();
            await form.GetByLabel("关联诉求的查询码").FillAsync(string.Empty);
            await form.Locator($"#cluster-{clusterId}").CheckAsync();
            Assert.Equal(3, (await form.GetByLabel("关联诉求的查询码").InputValueAsync()).Split('\n').Length);

            // Staff edit the suggestion: their own title, one request fewer.
            await form.GetByLabel("项目名称").FillAsync("朝林社区东门路灯维修");
            await form.GetByLabel("项目内容").FillAsync("修复朝林社区东门的路灯，并加装两盏。");
            await form.GetByLabel("预算（元）").FillAsync("20000");
            await form.GetByLabel("关联诉求的查询码").FillAsync(string.Join("\n", shown.Take(2)));
            await form.GetByRole(AriaRole.Button, new() { Name = "提议项目" }).ClickAsync();

            await page.WaitForURLAsync("**/admin/project?id=*");
            await page.GetByRole(AriaRole.Heading, new() { Name = "朝林社区东门路灯维修", Level = 1 }).WaitForAsync();
            Assert.Contains("2 条居民诉求", await page.Locator("#project-summary").InnerTextAsync(), StringComparison.Ordinal);

            // The two linked requests are merged into the project; the one taken out is still waiting to be dispatched.
            foreach (var (code, status) in codes.Zip(["已纳入民心微实事项目", "已纳入民心微实事项目", "待派单"]))
            {
                await page.GotoAsync(site.Url($"/admin/request?code={code}"));
                Assert.Contains(status, await page.Locator("#request-detail .request-head .badge").InnerTextAsync(), StringComparison.Ordinal);
            }
        }, width: 360);
    }
}
