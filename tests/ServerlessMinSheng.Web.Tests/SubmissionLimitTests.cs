namespace ServerlessMinSheng.Web.Tests;

/// <summary>The form's answer to the per-address limit (a site of its own, so the other tests keep their allowance).</summary>
[Collection(BrowserTests.Name)]
public class SubmissionLimitTests(BrowserFixture browser, SiteFixture site) : IClassFixture<SiteFixture>
{
    private const int SubmissionsPerMinute = 10;

    [Fact]
    public Task TooManySubmissionsSayHowLongToWait() => PageChecks.RunAsync(browser.Browser, nameof(TooManySubmissionsSayHowLongToWait), async page =>
    {
        var areas = await site.AreasAsync();
        for (var i = 0; i < SubmissionsPerMinute; i++)
        {
            await Seed.RequestAsync(site, areas.ChaolinId, $"第 {i + 1} 条", "同一个地址在一分钟内提交了很多条诉求。");
        }

        await page.GotoAsync(site.Url("/submit"));
        await page.GetByLabel("标题").FillAsync("再提交一条");
        await page.GetByLabel("详细描述").FillAsync("这一条超过了每分钟的提交次数。");
        await page.GetByLabel("社区/村").SelectOptionAsync(new SelectOptionValue { Label = SeededAreas.Chaolin });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交诉求" }).ClickAsync();

        var alert = page.Locator("#submit-alert.alert-error");
        await alert.WaitForAsync();
        Assert.Matches("提交太频繁了，请 [0-9]+ 秒后再试", await alert.InnerTextAsync());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "提交诉求" }).IsEnabledAsync());
        await PageChecks.AssertAccessibleAsync(page);
    }, width: 360);
}
