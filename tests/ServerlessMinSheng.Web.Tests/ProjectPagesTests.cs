using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>民心微实事 through the pages: one project from proposal to closed, with a late milestone on a moved clock.</summary>
[Collection(BrowserTests.Name)]
public class ProjectPagesTests(BrowserFixture browser, ProjectSite site) : IClassFixture<ProjectSite>
{
    private const string Title = "朝林社区电动车充电桩";
    private const string Batch = "2026年第一批";

    /// <summary>A 1×1 PNG, the smallest photo the upload accepts.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task AProjectGoesFromProposalThroughALateMilestoneToClosedWithResidentScores()
    {
        var linked = await site.TriagedRequestAsync("希望建充电桩", "朝林社区没有电动车充电的地方，很多人在楼道里充电，很危险，希望建集中充电桩。");
        var voters = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            voters.Add(await site.RequestAsync($"充电难{i}", $"朝林社区电动车充电难，第 {i} 位居民反映，希望尽快解决。"));
        }

        var shown = $"{linked[..5]}-{linked[5..]}";
        var id = string.Empty;

        await PageChecks.RunAsync(browser.Browser, "ProjectPropose", async page =>
        {
            await site.SignInAsync(page, ProjectSite.TownWorker);
            await Menu(page).GetByRole(AriaRole.Link, new() { Name = "民心微实事", Exact = true }).ClickAsync();
            var form = page.Locator("#propose-form");
            await form.GetByLabel(ProjectSite.Chaolin, new() { Exact = true }).WaitForAsync(); // The worker's own town is chosen; its communities are offered.
            await PageChecks.AssertPageAsync(page);

            await form.GetByRole(AriaRole.Button, new() { Name = "提议项目" }).ClickAsync();
            await form.Locator("#propose-title-input[aria-invalid='true']").WaitForAsync();
            Assert.Contains("请选择受益社区", await form.InnerTextAsync(), StringComparison.Ordinal);

            await form.GetByLabel("项目名称").FillAsync(Title);
            await form.GetByLabel("项目内容").FillAsync("在朝林社区建设 20 个集中充电桩，解决电动车楼道充电的安全隐患。<b>惠及全社区</b>");
            await form.GetByLabel("主题").SelectOptionAsync("宜居");
            await form.GetByLabel("预算（元）").FillAsync("80000");
            await form.GetByLabel(ProjectSite.Chaolin, new() { Exact = true }).CheckAsync();
            await form.GetByLabel("关联诉求的查询码").FillAsync(shown.ToLowerInvariant());
            await form.GetByRole(AriaRole.Button, new() { Name = "提议项目" }).ClickAsync();

            await page.WaitForURLAsync("**/admin/project?id=*");
            id = new Uri(page.Url).Query.Split('=')[1];
            await page.GetByRole(AriaRole.Heading, new() { Name = Title, Level = 1 }).WaitForAsync();
            Assert.Contains("已提议", await page.Locator("#project-summary").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(["发起议事"], await Buttons(page));
            Assert.Equal(0, await page.Locator("main b").CountAsync());
            await PageChecks.AssertPageAsync(page);

            await page.GetByRole(AriaRole.Button, new() { Name = "发起议事" }).ClickAsync();
            await Done(page, "发起议事", "议事中").WaitForAsync();
            Assert.Contains("议事中", await page.Locator("#project-summary").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains($"赵强：提议民心微实事项目“{Title}”", await page.Locator("#project-timeline").InnerTextAsync(), StringComparison.Ordinal); // Staff see who took each step.
        });

        await PageChecks.RunAsync(browser.Browser, "ProjectFeasibility", async page =>
        {
            await site.SignInAsync(page, ProjectSite.DepartmentWorker);
            await Menu(page).GetByRole(AriaRole.Link, new() { Name = "民心微实事", Exact = true }).ClickAsync();
            await page.Locator("#project-list").GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
            var form = page.Locator("#note-form");
            await form.GetByLabel("可行", new() { Exact = true }).CheckAsync();
            await form.GetByLabel("意见").FillAsync("选址在社区东侧停车场，供电容量满足，可行。");
            await form.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();
            await page.Locator("#project-notes").GetByText("供电容量满足").WaitForAsync();
            Assert.Equal(["您现在没有可执行的操作。"], await page.Locator("#actions-card p").AllInnerTextsAsync());
            await PageChecks.AssertPageAsync(page);
        });

        await PageChecks.RunAsync(browser.Browser, "ProjectSupport", async page =>
        {
            // The resident follows their request to the project it was merged into and ticks support with their code.
            await page.GotoAsync(site.Url($"/track/{linked}"));
            var card = page.Locator(".project-link-card");
            await card.GetByRole(AriaRole.Link, new() { Name = Title }).WaitForAsync();
            Assert.Contains("议事中", await card.InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            await card.GetByRole(AriaRole.Link, new() { Name = "用这个查询码表态支持" }).ClickAsync();
            var form = page.Locator("#support-form");
            Assert.Equal(shown, await form.GetByLabel("您的查询码").InputValueAsync());
            Assert.Contains("每条查询码对每个项目只计一次", await form.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("供电容量满足", await page.Locator("#project-notes").InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            await form.GetByLabel("您的查询码").FillAsync("ABCDE-FGHJK");
            await form.GetByRole(AriaRole.Button, new() { Name = "支持这个项目" }).ClickAsync();
            await form.Locator("#support-code[aria-invalid='true']").WaitForAsync();

            await form.GetByLabel("您的查询码").FillAsync(shown);
            await form.GetByRole(AriaRole.Button, new() { Name = "支持这个项目" }).ClickAsync();
            await page.Locator("#ballot-thanks").WaitForAsync();
            Assert.Contains("1 位居民支持", await page.Locator("#project").InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("赵强", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal); // Residents never see who on the staff took a step.
        }, width: 360);

        await PageChecks.RunAsync(browser.Browser, "ProjectApprove", async page =>
        {
            await site.SignInAsync(page, ProjectSite.AdminName);
            await page.GotoAsync(site.Url($"/admin/project?id={id}"));
            await page.Locator("#action-buttons").WaitForAsync();
            Assert.Equal(["审核通过", "不予通过", "暂停", "取消"], await Buttons(page));
            Assert.Contains("1 位居民支持", await page.Locator("#project-summary").InnerTextAsync(), StringComparison.Ordinal);

            await TakeAsync(page, "审核通过", "审核通过", _ => Task.CompletedTask, "已通过，待发布");
            await TakeAsync(page, "发布认领", "发布认领", form => form.GetByLabel("批次名称").FillAsync(Batch), "已发布，待认领");
            await TakeAsync(page, "指定协调保障领导", "指定", form => form.GetByLabel("协调保障领导").SelectOptionAsync(new SelectOptionValue { Label = $"刘强（{ProjectSite.Coordinator}）" }), "已发布，待认领");
            var summary = await page.Locator("#project-summary").InnerTextAsync();
            Assert.Contains(Batch, summary, StringComparison.Ordinal);
            Assert.Contains("刘强", summary, StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);
        });

        await PageChecks.RunAsync(browser.Browser, "ProjectClaim", async page =>
        {
            await site.SignInAsync(page, ProjectSite.UnitWorker);
            Assert.Equal(["工作台", "认领项目", "民生需求图", "考评排名", "本单位考评"], await Menu(page).GetByRole(AriaRole.Link).AllInnerTextsAsync());
            await Menu(page).GetByRole(AriaRole.Link, new() { Name = "认领项目", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"认领“{Title}”" }).ClickAsync();
            var form = page.Locator("#claim-form");
            await form.GetByLabel("认领方式").SelectOptionAsync(new SelectOptionValue { Label = "资金" });
            await form.GetByLabel("数量").FillAsync("50000");
            await form.GetByLabel("认领说明").FillAsync("出资建设 20 个充电桩，并负责日后维护。");
            await PageChecks.AssertPageAsync(page);
            await form.GetByRole(AriaRole.Button, new() { Name = "提交认领" }).ClickAsync();
            await page.Locator("#claims-alert.alert-success").WaitForAsync();
            Assert.Contains("等待协调保障领导确认", await page.Locator("#claims-alert").InnerTextAsync(), StringComparison.Ordinal);
        });

        await PageChecks.RunAsync(browser.Browser, "ProjectPlan", async page =>
        {
            await site.SignInAsync(page, ProjectSite.Coordinator);
            await Menu(page).GetByRole(AriaRole.Link, new() { Name = "民心微实事", Exact = true }).ClickAsync();
            await page.GetByText("没有需要督办的项目。").WaitForAsync();
            await page.Locator("#project-list").GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
            await page.Locator("#action-buttons").WaitForAsync();
            Assert.Equal(["确认认领", "延长认领期", "由政府资金兜底", "取消"], await Buttons(page));
            Assert.Contains("资金 50,000 元", await page.Locator("#project-claims").InnerTextAsync(), StringComparison.Ordinal);

            await TakeAsync(page, "确认认领", "确认认领", async form =>
            {
                Assert.True(await form.GetByLabel($"{ProjectSite.Unit}：资金 50,000 元").IsCheckedAsync());
                Assert.True(await form.GetByLabel("由这家单位牵头实施").IsCheckedAsync());
            }, "已认领");
            Assert.Contains(ProjectSite.Unit, await page.Locator("#project-summary").InnerTextAsync(), StringComparison.Ordinal);

            await page.Locator("#action-buttons").GetByRole(AriaRole.Button, new() { Name = "确认实施计划，开始实施" }).ClickAsync();
            var form = page.Locator("#action-start_execution");
            var today = DateOnly.FromDateTime(site.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
            await form.GetByLabel("第 1 个节点名称").FillAsync("选址与报装");
            await form.GetByLabel("第 1 个节点责任人").FillAsync("王工");
            await form.GetByLabel("第 1 个节点完成日期").FillAsync(today.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await form.GetByRole(AriaRole.Button, new() { Name = "添加节点" }).ClickAsync();
            await form.GetByLabel("第 2 个节点名称").FillAsync("安装调试");
            await form.GetByRole(AriaRole.Button, new() { Name = "确认计划，开始实施" }).ClickAsync();
            await form.Locator("[name='milestones[1].owner'][aria-invalid='true']").WaitForAsync(); // The second row lacks its owner and date.
            await PageChecks.AssertPageAsync(page);

            await form.GetByLabel("第 2 个节点责任人").FillAsync("李工");
            await form.GetByLabel("第 2 个节点完成日期").FillAsync(today.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await form.GetByRole(AriaRole.Button, new() { Name = "确认计划，开始实施" }).ClickAsync();
            await Done(page, "确认实施计划，开始实施", "实施中").WaitForAsync();
            Assert.Contains("实施中", await page.Locator("#project-summary").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(2, await page.Locator("#project-execution tbody tr").CountAsync());
            await PageChecks.AssertPageAsync(page);
        });

        // The first milestone is due at the end of the day after tomorrow: let three days pass, and the sweep escalates it.
        site.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await site.App.Services.GetRequiredService<LifecycleTimers>().SweepAsync(CancellationToken.None);

        await PageChecks.RunAsync(browser.Browser, "ProjectEscalation", async page =>
        {
            await site.SignInAsync(page, ProjectSite.Coordinator);
            await Menu(page).GetByRole(AriaRole.Link, new() { Name = "督办", Exact = true }).ClickAsync();
            var row = page.Locator("#escalations tr", new() { HasText = Title });
            await row.WaitForAsync();
            Assert.Contains("节点“选址与报装”（责任人 王工）逾期未完成", await row.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("我协调的项目", await page.Locator("#escalations h2").First.InnerTextAsync());

            await Menu(page).GetByRole(AriaRole.Link, new() { Name = "民心微实事", Exact = true }).ClickAsync();
            await page.Locator("#escalation-list").GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
            await page.Locator("#project-execution").GetByText("逾期，已督办").WaitForAsync();
            Assert.Equal("← 返回督办", await page.Locator("#back-link").InnerTextAsync());
            Assert.Contains("节点逾期，提请督办", await page.Locator("#project-timeline").InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);
        });

        await PageChecks.RunAsync(browser.Browser, "ProjectReport", async page =>
        {
            await site.SignInAsync(page, ProjectSite.UnitWorker);
            await page.GotoAsync(site.Url("/admin/claims"));
            var mine = page.Locator("#mine-list tr", new() { HasText = Title });
            Assert.Contains("牵头", await mine.InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);
            await mine.GetByRole(AriaRole.Link, new() { Name = $"报告进展：{Title}" }).ClickAsync();
            await page.Locator("#action-buttons").WaitForAsync();
            Assert.Equal(["报告进展", "报告完工"], await Buttons(page));

            await TakeAsync(page, "报告进展", "提交进展报告", async form =>
            {
                await form.GetByLabel("完成百分比").FillAsync("60");
                await form.Locator("#report-done-1").CheckAsync();
                await form.GetByLabel("进展说明").FillAsync("选址完成，报装已获批，开始铺设线缆。");
                await form.Locator("#report-photos").SetInputFilesAsync(new FilePayload { Name = "现场.png", MimeType = "image/png", Buffer = Png });
            }, "实施中");
            var photo = page.Locator("#project-execution img").First;
            await photo.WaitForAsync();
            await page.WaitForFunctionAsync("() => { const img = document.querySelector('#project-execution img'); return img && img.complete && img.naturalWidth === 1; }");
            Assert.Contains("已完成", await page.Locator("#project-execution tbody tr").First.InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            await TakeAsync(page, "报告完工", "报告完工", async form =>
            {
                await form.GetByLabel("完工说明").FillAsync("20 个充电桩已安装调试完毕，投入使用。");
                await form.Locator("#complete-photos").SetInputFilesAsync(new FilePayload { Name = "完工.png", MimeType = "image/png", Buffer = Png });
            }, "已完工，待销账");
            await page.Locator("#project-evidence img").WaitForAsync();
        });

        await PageChecks.RunAsync(browser.Browser, "ProjectWriteOff", async page =>
        {
            await site.SignInAsync(page, ProjectSite.TownWorker);
            await page.GotoAsync(site.Url($"/admin/project?id={id}"));
            await TakeAsync(page, "核验销账", "核验销账", form => form.GetByLabel("核验意见").FillAsync("现场核验 20 个充电桩均可正常使用。"), "已销账");
            await page.Locator("#action-buttons").GetByRole(AriaRole.Button, new() { Name = "开启居民评价" }).ClickAsync();
            await Done(page, "开启居民评价", "评价中").WaitForAsync();
            Assert.Contains("评价中", await page.Locator("#project-summary").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(["结项"], await Buttons(page));
        });

        await PageChecks.RunAsync(browser.Browser, "ProjectScore", async page =>
        {
            await page.GotoAsync(site.Url($"/projects/{id}?code={linked}"));
            var form = page.Locator("#score-form");
            Assert.Contains("每条查询码对每个项目只计一次", await form.InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            await form.GetByRole(AriaRole.Button, new() { Name = "提交评分" }).ClickAsync();
            await form.Locator("#score-score-5[aria-invalid='true']").WaitForAsync();
            await form.GetByLabel("5 分（非常好）").CheckAsync();
            await form.GetByLabel("帮到了").CheckAsync();
            await form.GetByLabel("评价意见").FillAsync("再也不用在楼道里充电了。");
            await form.GetByRole(AriaRole.Button, new() { Name = "提交评分" }).ClickAsync();
            await page.Locator("#ballot-thanks").WaitForAsync();

            // The same code again: counted once, and the resident is told so at the code.
            await page.ReloadAsync();
            await form.GetByLabel("4 分（好）").CheckAsync();
            await form.GetByLabel("帮到了").CheckAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = "提交评分" }).ClickAsync();
            await form.Locator("#score-code[aria-invalid='true']").WaitForAsync();
            Assert.Contains("您已评价过这个项目", await form.InnerTextAsync(), StringComparison.Ordinal);
        }, width: 360);

        foreach (var (code, score) in voters.Zip([5, 4, 5, 4]))
        {
            await site.ScoreAsync(id, code, score);
        }

        // The evaluation window is 14 days: past it, the sweep closes the project with its recommendation.
        site.Time.Advance(TimeSpan.FromDays(15));
        await site.App.Services.GetRequiredService<LifecycleTimers>().SweepAsync(CancellationToken.None);

        await PageChecks.RunAsync(browser.Browser, "ProjectBoard", async page =>
        {
            await page.GotoAsync(site.Url("/board"));
            await page.Locator("#filter-state").SelectOptionAsync("closed");
            var row = page.Locator("#board-list tr", new() { HasText = Title });
            await row.WaitForAsync();
            var text = await row.InnerTextAsync();
            Assert.Contains("已结项", text, StringComparison.Ordinal);
            Assert.Contains(ProjectSite.Unit, text, StringComparison.Ordinal);
            Assert.Contains("刘强", text, StringComparison.Ordinal);
            Assert.Contains("100%", text, StringComparison.Ordinal);
            await page.Locator("#filter-batch").SelectOptionAsync(Batch);
            Assert.EndsWith($"/board?state=closed&batch={Batch}", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            await row.GetByRole(AriaRole.Link, new() { Name = $"查看“{Title}”的进展" }).ClickAsync();
            await page.Locator("#project-timeline").GetByText("评价期满，自动结项").WaitForAsync();
            Assert.Equal("续办", await Fact(page, "结项建议").InnerTextAsync());
            Assert.Equal("平均 4.6 分（5 位居民评价），100% 认为有帮助，满意率（4—5分）100%", await Fact(page, "居民评分").InnerTextAsync());
            Assert.Equal(0, await page.Locator("#score-form, #support-form").CountAsync());
            var labels = await page.Locator("#project-timeline .timeline-label").AllInnerTextsAsync();
            Assert.Equal(
                ["提议", "发起议事", "审核通过", "发布认领", "指定协调保障领导", "认领", "确认认领", "确认实施计划，开始实施", "节点逾期，提请督办", "报告进展", "报告完工", "核验销账", "开启居民评价", "评价期满，自动结项"],
                labels);
            await PageChecks.AssertPageAsync(page);

            await page.GotoAsync(site.Url($"/track/{linked}"));
            Assert.Contains("已结项", await page.Locator(".project-link-card").InnerTextAsync(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ARejectionsReasonReachesTheResidentsTrackingPage()
    {
        const string title = "朝林社区建社区食堂";
        var code = await site.TriagedRequestAsync("希望建社区食堂", "朝林社区老人多，吃饭不方便，希望在社区建一个食堂。");
        var id = await site.ProposeAsync(title, code);

        await PageChecks.RunAsync(browser.Browser, "ProjectReject", async page =>
        {
            await site.SignInAsync(page, ProjectSite.AdminName);
            await page.GotoAsync(site.Url($"/admin/project?id={id}"));
            await page.Locator("#action-buttons").GetByRole(AriaRole.Button, new() { Name = "不予通过", Exact = true }).ClickAsync();
            var form = page.Locator("#action-reject");
            await form.GetByRole(AriaRole.Button, new() { Name = "不予通过", Exact = true }).ClickAsync();
            await form.Locator("#reject-reason[aria-invalid='true']").WaitForAsync(); // A rejection needs its reason.
            await PageChecks.AssertAccessibleAsync(page);

            await form.GetByLabel("不予通过的理由").FillAsync("周边 500 米内已有养老驿站助餐点，改为扩大其服务。");
            await form.GetByRole(AriaRole.Button, new() { Name = "不予通过", Exact = true }).ClickAsync();
            await Done(page, "不予通过", "未通过").WaitForAsync();
            Assert.Equal(["您现在没有可执行的操作。"], await page.Locator("#actions-card p").AllInnerTextsAsync());
        });

        await PageChecks.RunAsync(browser.Browser, "ProjectRejectTracked", async page =>
        {
            await page.GotoAsync(site.Url($"/track/{code}"));
            var reason = page.Locator("#project-link-reason");
            await reason.WaitForAsync();
            Assert.Equal("未通过的理由：周边 500 米内已有养老驿站助餐点，改为扩大其服务。", await reason.InnerTextAsync());
            Assert.Contains("未通过", await page.Locator(".project-link-card").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator(".project-link-card .btn").CountAsync()); // Nothing to support or score.
            await PageChecks.AssertPageAsync(page);

            await page.Locator(".project-link-card").GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            Assert.Equal("未通过的理由：周边 500 米内已有养老驿站助餐点，改为扩大其服务。", await page.Locator("#project-reason").InnerTextAsync());
            Assert.Equal(0, await page.Locator("#support-form").CountAsync());
            await PageChecks.AssertPageAsync(page);
        }, width: 360);
    }

    /// <summary>Opens a step's form from its button, fills it, submits it and waits for the new state.</summary>
    private static async Task TakeAsync(IPage page, string button, string submit, Func<ILocator, Task> fill, string state)
    {
        await page.Locator("#action-buttons").GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        var form = page.Locator("form.action-form:not([hidden])");
        await fill(form);
        await form.GetByRole(AriaRole.Button, new() { Name = submit, Exact = true }).ClickAsync();
        await Done(page, button, state).WaitForAsync();
        Assert.Contains(state, await page.Locator("#project-summary").InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>The panel's message after a step: "已{step}。当前状态：{state}。" (the previous step's message is still there until then).</summary>
    private static ILocator Done(IPage page, string step, string state) => page.Locator("#actions-alert.alert-success", new() { HasText = $"已{step}。当前状态：{state}。" });

    private static async Task<IReadOnlyList<string>> Buttons(IPage page) => await page.Locator("#action-buttons").GetByRole(AriaRole.Button).AllInnerTextsAsync();

    private static ILocator Fact(IPage page, string label) => page.Locator("dl.facts dt", new() { HasTextString = label }).Locator("xpath=following-sibling::dd[1]");

    private static ILocator Menu(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "管理导航" });
}

/// <summary>
/// The app on a clock the test moves, with a town and a community, a department, a social unit, and
/// the people of a micro-project: the district admin (approver), a town worker (proposes, writes off),
/// a department worker (feasibility), a coordinator and the social unit's worker.
/// </summary>
public sealed class ProjectSite : IAsyncLifetime
{
    public const string AdminName = "admin";
    public const string Password = "民心微实事浏览器测试的长密码";
    public const string Town = "亦庄镇";
    public const string Chaolin = "朝林社区";
    public const string Unit = "国网亦庄供电所";
    public const string TownWorker = "yizhuang.zhao";
    public const string DepartmentWorker = "fgw.zhou";
    public const string Coordinator = "coord.liu";
    public const string UnitWorker = "gongdian.chen";

    private TestApp? _app;

    public ManualTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public TestApp App => _app ?? throw new InvalidOperationException("not started");

    public string ChaolinId { get; private set; } = string.Empty;

    public string Url(string path) => new Uri(App.Address, path).ToString();

    public async Task InitializeAsync()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var settings = new Dictionary<string, string>(TestApp.FastRuntime)
        {
            ["Intake:SubmissionsPerMinute"] = "1000",
            ["Identity:SignInAttemptsPerMinute"] = "1000",
        };
        _app = await TestApp.StartAsync(account.ConnectionString, settings, builder => builder.Services.AddSingleton<TimeProvider>(Time), webRoot: RepositoryPaths.Combine("web", "dist"));
        await FirstAdmin.CreateAsync(
            App.Services.GetRequiredService<UserStore>(), App.Services.GetRequiredService<IPasswordHasher<UserAccount>>(), Time, AdminName, Password, CancellationToken.None);

        using var admin = await SignedInClientAsync(AdminName);
        var town = await admin.CreateAsync("/api/admin/towns", new { name = Town });
        ChaolinId = await admin.CreateAsync("/api/admin/communities", new { name = Chaolin, townId = town });
        var department = await admin.CreateAsync("/api/admin/departments", new { name = "区发展改革委" });
        var unit = await admin.CreateAsync("/api/admin/social-units", new { name = Unit, category = "company" });
        await admin.CreateAsync("/api/admin/users", new { username = TownWorker, displayName = "赵强", role = "town_staff", scopeId = town, password = Password });
        await admin.CreateAsync("/api/admin/users", new { username = DepartmentWorker, displayName = "周敏", role = "department_staff", scopeId = department, password = Password });
        await admin.CreateAsync("/api/admin/users", new { username = Coordinator, displayName = "刘强", role = "coordinator", password = Password });
        await admin.CreateAsync("/api/admin/users", new { username = UnitWorker, displayName = "陈静", role = "social_unit", scopeId = unit, password = Password });
    }

    /// <summary>A resident's request through the public API; returns its tracking code.</summary>
    public async Task<string> RequestAsync(string title, string description)
    {
        using var resident = new Client(App.Address);
        var submitted = await resident.PostJsonAsync("/api/requests", new { title, description, communityId = ChaolinId, isPublic = false, idempotencyKey = Guid.NewGuid().ToString() });
        return submitted.GetProperty("trackingCode").GetString()!;
    }

    /// <summary>A request that has been triaged, so a project can take it in.</summary>
    public async Task<string> TriagedRequestAsync(string title, string description)
    {
        var code = await RequestAsync(title, description);
        using var resident = new Client(App.Address);
        await Eventually.ReturnsAsync(
            () => resident.GetJsonAsync($"/api/requests/{code}"), r => r.GetProperty("status").GetString() == "triaged", $"{code} to be triaged", TimeSpan.FromSeconds(90));
        return code;
    }

    /// <summary>The town worker proposes a project in 朝林社区 through the API, linking one request; returns its id.</summary>
    public async Task<string> ProposeAsync(string title, string linkedCode)
    {
        using var worker = await SignedInClientAsync(TownWorker);
        var project = await worker.PostJsonAsync("/api/projects", new { title, description = $"{title}，惠及全社区居民。", theme = "健康", communityIds = new[] { ChaolinId }, budget = 30000, linkedRequests = new[] { linkedCode } });
        return project.GetProperty("id").GetString()!;
    }

    /// <summary>Another resident scores the project through the API, as the project page sends it.</summary>
    public async Task ScoreAsync(string projectId, string code, int score)
    {
        using var resident = new Client(App.Address);
        await resident.PostJsonAsync($"/api/projects/{projectId}/scores", new { trackingCode = code, score, helped = true });
    }

    public Task SignInAsync(IPage page, string username) => SignIn.AsAsync(page, App.Address, username, Password);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<Client> SignedInClientAsync(string username)
    {
        var client = new Client(App.Address);
        await client.PostJsonAsync("/api/auth/signin", new { username, password = Password });
        client.ForgetToken(); // Antiforgery tokens are bound to the sign-in.
        return client;
    }

    /// <summary>Cookies and an antiforgery token, as the pages send them.</summary>
    private sealed class Client(Uri address) : IDisposable
    {
        private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = address };
        private string? _token;

        public void ForgetToken() => _token = null;

        public async Task<string> CreateAsync(string path, object body) => (await PostJsonAsync(path, body)).TryGetProperty("id", out var id) ? id.GetString()! : string.Empty;

        public async Task<JsonElement> GetJsonAsync(string path) => await _http.GetFromJsonAsync<JsonElement>(path);

        public async Task<JsonElement> PostJsonAsync(string path, object body)
        {
            _token ??= (await _http.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery")).GetProperty("token").GetString();
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("X-CSRF-TOKEN", _token);
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        public void Dispose() => _http.Dispose();
    }
}
