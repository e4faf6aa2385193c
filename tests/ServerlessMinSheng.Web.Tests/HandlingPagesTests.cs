using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>接诉即办 through the pages: dispatch, the unit's inbox, an escalation on a moved clock, the reply and the resident's rating.</summary>
[Collection(BrowserTests.Name)]
public class HandlingPagesTests(BrowserFixture browser, HandlingSite site) : IClassFixture<HandlingSite>
{
    [Fact]
    public async Task ARequestGoesFromDispatchThroughAnEscalationToTheResidentsRating()
    {
        var code = await site.TriagedRequestAsync("楼道灯不亮", "朝林社区3号楼2单元楼道的灯坏了一个星期，晚上上下楼很危险，请尽快修好。", "13912345678");
        var shown = $"{code[..5]}-{code[5..]}";

        await PageChecks.RunAsync(browser.Browser, "HandlingDispatch", async page =>
        {
            await site.SignInAsync(page, HandlingSite.AdminName);
            var menu = await Menu(page).GetByRole(AriaRole.Link).AllInnerTextsAsync();
            Assert.Contains("督办", menu);
            Assert.DoesNotContain("待办诉求", menu); // The district dispatches and supervises; it handles nothing itself.

            // A second tab left open on the request, to act on what it showed after the first tab has dispatched.
            var stale = await page.Context.NewPageAsync();
            await stale.GotoAsync(site.Url($"/admin/request?code={code}"));
            await page.GotoAsync(site.Url($"/admin/request?code={code}"));
            var panel = page.Locator("#handling-card");
            await panel.GetByRole(AriaRole.Button, new() { Name = "派单", Exact = true }).WaitForAsync();
            Assert.Contains("待派单", await panel.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(["派单", "按重复诉求办结"], await panel.Locator(".actions").First.GetByRole(AriaRole.Button).AllInnerTextsAsync());
            await PageChecks.AssertPageAsync(page);

            await panel.GetByRole(AriaRole.Button, new() { Name = "派单", Exact = true }).ClickAsync();
            var form = page.Locator("#action-dispatch");
            Assert.Equal(SeededNames.Chaolin, await form.GetByLabel("承办单位", new() { Exact = true }).Locator("option:checked").InnerTextAsync());
            await form.GetByLabel("承办单位类型").SelectOptionAsync("department");
            await form.GetByLabel("承办单位", new() { Exact = true }).Locator("option", new() { HasText = SeededNames.Department }).WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await form.GetByRole(AriaRole.Button, new() { Name = "派单", Exact = true }).ClickAsync();
            await form.Locator("#dispatch-unit[aria-invalid='true']").WaitForAsync(); // No unit chosen: the error sits at the field.
            Assert.Contains("请选择承办单位", await form.InnerTextAsync(), StringComparison.Ordinal);

            await form.GetByLabel("承办单位类型").SelectOptionAsync("community");
            await form.GetByLabel("承办单位", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = SeededNames.Chaolin });
            await form.GetByLabel("紧急", new() { Exact = true }).CheckAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = "派单", Exact = true }).ClickAsync();
            await page.Locator("#handling-alert.alert-success").WaitForAsync();
            var facts = await panel.Locator("dl.facts").InnerTextAsync();
            Assert.Contains("待签收", facts, StringComparison.Ordinal);
            Assert.Contains($"{SeededNames.Chaolin}（社区）", facts, StringComparison.Ordinal);
            Assert.Contains("签收时限", facts, StringComparison.Ordinal);
            Assert.Contains("紧急", facts, StringComparison.Ordinal);
            Assert.Contains("派单", await panel.Locator(".timeline").InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            // The other tab still offers the old steps: the refusal names the state and what is allowed now, and the panel catches up.
            var stalePanel = stale.Locator("#handling-card");
            await stalePanel.GetByRole(AriaRole.Button, new() { Name = "按重复诉求办结" }).ClickAsync();
            await stale.Locator("#action-close_duplicate").GetByLabel("重复于（查询码）").FillAsync(shown);
            await stale.Locator("#action-close_duplicate").GetByRole(AriaRole.Button, new() { Name = "按重复诉求办结" }).ClickAsync();
            await stale.Locator("#handling-alert.alert-error").WaitForAsync();
            Assert.Contains("待签收", await stale.Locator("#handling-alert").InnerTextAsync(), StringComparison.Ordinal);
            await stalePanel.GetByText("您现在没有可执行的操作。", new() { Exact = true }).WaitForAsync();
        });

        await PageChecks.RunAsync(browser.Browser, "HandlingSign", async page =>
        {
            await site.SignInAsync(page, SeededNames.CommunityWorker);
            await Menu(page).GetByRole(AriaRole.Link, new() { Name = "待办诉求", Exact = true }).ClickAsync();
            var row = page.Locator("#inbox-list tr", new() { HasText = shown });
            await row.WaitForAsync();
            Assert.Contains("紧急", await row.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains(SeededNames.Chaolin, await page.Locator("#inbox-unit").InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            await page.GetByRole(AriaRole.Button, new() { Name = $"签收 {shown}" }).ClickAsync();
            await page.Locator("#inbox-alert.alert-success").WaitForAsync();
            Assert.Contains("已签收", await page.Locator("#inbox-alert").InnerTextAsync(), StringComparison.Ordinal);
            await page.GetByRole(AriaRole.Link, new() { Name = $"答复或退回 {shown}" }).WaitForAsync();
            Assert.Contains("办理中", await row.InnerTextAsync(), StringComparison.Ordinal);
        });

        // An urgent request must be answered within 4 hours of signing: let them pass, and the sweep escalates it to the town.
        site.Time.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        await site.App.Services.GetRequiredService<LifecycleTimers>().SweepAsync(CancellationToken.None);

        await PageChecks.RunAsync(browser.Browser, "HandlingEscalation", async page =>
        {
            await site.SignInAsync(page, SeededNames.TownWorker);
            await Menu(page).GetByRole(AriaRole.Link, new() { Name = "督办", Exact = true }).ClickAsync();
            var row = page.Locator("#escalations tr", new() { HasText = shown });
            await row.WaitForAsync();
            var text = await row.InnerTextAsync();
            Assert.Contains("街道督办", text, StringComparison.Ordinal);
            Assert.Contains($"{SeededNames.Chaolin}超时未答复", text, StringComparison.Ordinal);
            Assert.Contains($"{SeededNames.Town}督办", await page.Locator("#escalations h2").First.InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            await row.GetByRole(AriaRole.Link, new() { Name = shown }).ClickAsync();
            var panel = page.Locator("#handling-card");
            await panel.GetByText("您现在没有可执行的操作。", new() { Exact = true }).WaitForAsync(); // The town supervises; the community still holds it.
            Assert.Contains("街道督办", await panel.Locator("dl.facts").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("← 返回督办", await page.Locator("#back-link").InnerTextAsync());
        });

        await PageChecks.RunAsync(browser.Browser, "HandlingReply", async page =>
        {
            await site.SignInAsync(page, SeededNames.CommunityWorker);
            await page.GotoAsync(site.Url("/admin/inbox"));
            var row = page.Locator("#inbox-list tr", new() { HasText = shown });
            await row.WaitForAsync();
            Assert.Contains("街道督办", await row.InnerTextAsync(), StringComparison.Ordinal);
            await page.GetByRole(AriaRole.Link, new() { Name = $"答复或退回 {shown}" }).ClickAsync();

            var panel = page.Locator("#handling-card");
            await panel.GetByRole(AriaRole.Button, new() { Name = "答复", Exact = true }).ClickAsync();
            var form = page.Locator("#action-reply");
            await form.GetByRole(AriaRole.Button, new() { Name = "提交答复" }).ClickAsync();
            await form.Locator("#reply-text[aria-invalid='true']").WaitForAsync();
            Assert.Equal("true", await form.Locator("#reply-outcome").GetAttributeAsync("aria-invalid"));
            await PageChecks.AssertAccessibleAsync(page);

            await form.GetByLabel("办理结果").SelectOptionAsync(new SelectOptionValue { Label = "已解决" });
            await form.GetByLabel("答复内容").FillAsync("已安排物业更换楼道灯泡，当晚恢复照明。<b>感谢反映</b>");
            await form.GetByRole(AriaRole.Button, new() { Name = "提交答复" }).ClickAsync();
            await page.Locator("#handling-alert.alert-success").WaitForAsync();
            Assert.Contains("已答复，待评价", await panel.Locator("dl.facts").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("main b").CountAsync());
            await page.Locator("#request-timeline").GetByText("超时未答复，升级督办").WaitForAsync(); // What the resident sees, every step included.
            await PageChecks.AssertPageAsync(page);

            await page.Locator("#back-link").ClickAsync();
            await page.GetByText("没有待办的诉求。").WaitForAsync();
        });

        await PageChecks.RunAsync(browser.Browser, "HandlingRating", async page =>
        {
            await page.GotoAsync(site.Url($"/track/{code}"));
            var card = page.Locator(".rating-card");
            await card.GetByRole(AriaRole.Heading, new() { Name = "评价办理结果" }).WaitForAsync();
            Assert.Contains("已安排物业更换楼道灯泡", await card.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("前评价", await card.InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);

            await card.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
            await card.Locator("#rating-resolved-true[aria-invalid='true']").WaitForAsync();
            Assert.Equal(2, await card.Locator(".field-error").CountAsync());

            await card.GetByLabel("已解决").CheckAsync();
            await card.GetByLabel("满意", new() { Exact = true }).CheckAsync();
            await card.GetByLabel("评价意见").FillAsync("修得很快，谢谢！");
            await card.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
            await page.Locator("#rating-thanks").WaitForAsync();
            Assert.Equal(0, await page.Locator(".rating-card").CountAsync());

            var labels = await page.Locator(".timeline .timeline-label").AllInnerTextsAsync();
            Assert.Equal(["诉求已受理", "已完成分类", "派单", "签收", "超时未答复，升级督办", "答复", "评价"], labels);
            var main = await page.Locator("main").InnerTextAsync();
            Assert.Contains("已办结", main, StringComparison.Ordinal);
            Assert.Contains("居民已评价：已解决，满意", main, StringComparison.Ordinal);
            Assert.DoesNotContain("13912345678", main, StringComparison.Ordinal);
            await PageChecks.AssertPageAsync(page);
        }, width: 360);
    }

    [Fact]
    public async Task ADepartmentWorkerWithoutTriageRightsReturnsARequestFromTheRequestPage()
    {
        var code = await site.TriagedRequestAsync("占道经营", "朝林社区东门外每天晚上有流动摊贩占用人行道，行人只能走机动车道，很危险。", "13700001111");
        var shown = $"{code[..5]}-{code[5..]}";
        await site.DispatchAsync(code, "department", site.DepartmentId);

        await PageChecks.RunAsync(browser.Browser, nameof(ADepartmentWorkerWithoutTriageRightsReturnsARequestFromTheRequestPage), async page =>
        {
            await site.SignInAsync(page, SeededNames.DepartmentWorker);
            Assert.Equal(["工作台", "待办诉求", "民心微实事", "民生需求图", "考评排名", "本单位考评"], await Menu(page).GetByRole(AriaRole.Link).AllInnerTextsAsync());
            await page.GotoAsync(site.Url("/admin/escalations"));
            await page.GetByText("您的角色无权使用此页面。").WaitForAsync();

            await Menu(page).GetByRole(AriaRole.Link, new() { Name = "待办诉求", Exact = true }).ClickAsync();
            await page.Locator("#inbox-list tr", new() { HasText = shown }).GetByRole(AriaRole.Link, new() { Name = "查看" }).ClickAsync();

            // No triage rights, but the unit it is dispatched to: the original text and the whole timeline, never the phone number.
            await page.GetByText("已留电话，仅对本辖区负责分拣的工作人员显示").WaitForAsync();
            Assert.Contains("朝林社区东门外每天晚上有流动摊贩占用人行道", await page.Locator("#request-detail").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("已派发至", await page.Locator("#request-timeline").InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("13700001111", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.Locator("#review-card").IsHiddenAsync());
            var panel = page.Locator("#handling-card");
            Assert.Equal(["签收", "退回重派"], await panel.Locator(".actions").First.GetByRole(AriaRole.Button).AllInnerTextsAsync());
            await PageChecks.AssertPageAsync(page);

            await panel.GetByRole(AriaRole.Button, new() { Name = "退回重派" }).ClickAsync();
            var form = page.Locator("#action-return");
            await form.GetByLabel("退回理由").FillAsync("占道经营由街道综合执法队负责，请改派街道。");
            await form.GetByRole(AriaRole.Button, new() { Name = "退回重派" }).ClickAsync();
            await page.Locator("#handling-alert.alert-success").WaitForAsync();
            Assert.Contains("待派单", await panel.Locator("dl.facts").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("退回：占道经营由街道综合执法队负责", await panel.Locator(".timeline").InnerTextAsync(), StringComparison.Ordinal);
            await panel.GetByText("您现在没有可执行的操作。", new() { Exact = true }).WaitForAsync();
            await page.Locator("#request-timeline").GetByText("承办单位申请退回，正在重新派单").WaitForAsync();

            await page.Locator("#back-link").ClickAsync();
            await page.GetByText("没有待办的诉求。").WaitForAsync();
        });
    }

    [Fact]
    public Task TheDistrictAdminSeesTheDistrictEscalationInbox() => PageChecks.RunAsync(browser.Browser, nameof(TheDistrictAdminSeesTheDistrictEscalationInbox), async page =>
    {
        await site.SignInAsync(page, HandlingSite.AdminName);
        await Menu(page).GetByRole(AriaRole.Link, new() { Name = "督办", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "区级督办" }).WaitForAsync();
        await PageChecks.AssertPageAsync(page);
    });

    private static ILocator Menu(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "管理导航" });
}

/// <summary>The names of what <see cref="HandlingSite"/> creates.</summary>
public static class SeededNames
{
    public const string Town = "亦庄镇";
    public const string Chaolin = "朝林社区";
    public const string Department = "区城市管理委员会";
    public const string CommunityWorker = "chaolin.wang";
    public const string TownWorker = "yizhuang.sun";
    public const string DepartmentWorker = "chengguan.zhou";
}

/// <summary>
/// The app on a clock the test moves (deadlines fall due without waiting hours), with a town, a community,
/// a department, a district admin, a community worker and a town supervisor.
/// </summary>
public sealed class HandlingSite : IAsyncLifetime
{
    public const string AdminName = "admin";
    public const string Password = "接诉即办浏览器测试的长密码";

    private TestApp? _app;

    public ManualTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public TestApp App => _app ?? throw new InvalidOperationException("not started");

    public string ChaolinId { get; private set; } = string.Empty;

    public string DepartmentId { get; private set; } = string.Empty;

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
        var town = await admin.CreateAsync("/api/admin/towns", new { name = SeededNames.Town });
        ChaolinId = await admin.CreateAsync("/api/admin/communities", new { name = SeededNames.Chaolin, townId = town });
        DepartmentId = await admin.CreateAsync("/api/admin/departments", new { name = SeededNames.Department });
        await admin.CreateAsync("/api/admin/users", new { username = SeededNames.CommunityWorker, displayName = "王芳", role = "community_staff", scopeId = ChaolinId, password = Password });
        await admin.CreateAsync("/api/admin/users", new { username = SeededNames.TownWorker, displayName = "孙伟", role = "town_staff", scopeId = town, password = Password });
        await admin.CreateAsync("/api/admin/users", new { username = SeededNames.DepartmentWorker, displayName = "周敏", role = "department_staff", scopeId = DepartmentId, password = Password });
    }

    /// <summary>The district admin dispatches through the API, for tests about what comes after.</summary>
    public async Task DispatchAsync(string code, string unitKind, string unitId)
    {
        using var admin = await SignedInClientAsync(AdminName);
        await admin.PostJsonAsync($"/api/staff/requests/{code}/actions/dispatch", new { unitKind, unitId, urgency = "normal", version = 0 });
    }

    /// <summary>A resident's request through the public API; returns its code once triage has run.</summary>
    public async Task<string> TriagedRequestAsync(string title, string description, string phone)
    {
        using var resident = new Client(App.Address);
        var submitted = await resident.PostJsonAsync("/api/requests", new { title, description, communityId = ChaolinId, phone, isPublic = false, idempotencyKey = Guid.NewGuid().ToString() });
        var code = submitted.GetProperty("trackingCode").GetString()!;
        await Eventually.ReturnsAsync(
            () => resident.GetJsonAsync($"/api/requests/{code}"), r => r.GetProperty("status").GetString() == "triaged", $"{code} to be triaged", TimeSpan.FromSeconds(90));
        return code;
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
            if (_token is null)
            {
                _token = (await _http.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery")).GetProperty("token").GetString();
            }

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
