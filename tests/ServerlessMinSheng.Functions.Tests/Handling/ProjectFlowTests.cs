using System.Net;
using System.Text.Json;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Tests.Identity;
using ServerlessMinSheng.Functions.Tests.Intake;

namespace ServerlessMinSheng.Functions.Tests.Handling;

/// <summary>Micro-projects through the real HTTP API on real Azurite, with a clock the test moves.</summary>
public class ProjectFlowTests
{
    private const string Password = "社区工作人员的密码123";
    private static readonly int[] First = [1];
    private static readonly int[] Second = [2];

    [Fact]
    public async Task AProjectGoesFromProposalToClosedWithClaimsALateMilestoneAndResidentScores()
    {
        await using var site = await Site.StartAsync();
        var codes = new[] { await site.TriagedRequestAsync("小区缺少充电桩"), await site.TriagedRequestAsync("电动车没地方充电") };
        using var coordinator = await site.UserAsync("coord1", "coordinator", null);
        var unitA = await IdentityTestApp.CreateAsync(site.Admin, "/api/admin/social-units", new { name = "国网亦庄供电所", category = "company" });
        var unitB = await IdentityTestApp.CreateAsync(site.Admin, "/api/admin/social-units", new { name = "亦庄志愿者协会", category = "ngo" });
        using var leadUnit = await site.UserAsync("su-a", "social_unit", unitA);
        using var otherUnit = await site.UserAsync("su-b", "social_unit", unitB);

        var proposed = await site.ProposeAsync(codes);
        var id = proposed.GetProperty("id").GetString()!;
        var merged = await site.Resident.GetJsonAsync<JsonElement>($"/api/requests/{codes[0]}");
        await Site.ActAsync(site.Admin, id, "open_deliberation", new { });
        var supported = await site.SupportAsync(id, codes[0]);
        await site.SupportAsync(id, codes[0]); // Ticking twice counts once.
        await site.SupportAsync(id, codes[1]);
        var boardInDeliberation = await site.Resident.GetJsonAsync<JsonElement>("/api/projects");
        await Site.ActAsync(site.Admin, id, "approve", new { });
        await Site.ActAsync(site.Admin, id, "publish", new { batch = "2026年第一批" });
        await Site.ActAsync(site.Admin, id, "assign_coordinator", new { coordinator = "coord1" });
        await Site.ActAsync(leadUnit, id, "claim", new { pledgeKind = "money", pledgeAmount = 50000, text = "出资建设 20 个充电桩" });
        await Site.ActAsync(otherUnit, id, "claim", new { pledgeKind = "volunteer_hours", pledgeAmount = 200, text = "志愿者协助宣传和秩序维护" });
        await Site.ActAsync(coordinator, id, "confirm_claim", new { claimId = unitA, lead = true });
        await Site.ActAsync(coordinator, id, "confirm_claim", new { claimId = unitB });
        var now = site.Time.GetUtcNow();
        await Site.ActAsync(coordinator, id, "start_execution", new { milestones = new[] { new { title = "选址与报装", owner = "王工", dueAt = now.AddDays(3) }, new { title = "安装调试", owner = "李工", dueAt = now.AddDays(20) } } });

        site.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await site.SweepAsync();
        await Site.SignInAgainAsync((coordinator, "coord1"), (leadUnit, "su-a"), (site.Admin, IdentityTestApp.AdminName)); // Sessions end after hours, not days.
        var late = await coordinator.GetJsonAsync<JsonElement>("/api/escalations");
        await Site.ActAsync(leadUnit, id, "report", new { percent = 40, text = "选址完成，已提交报装", milestonesDone = First });
        var lateAfterReport = await coordinator.GetJsonAsync<JsonElement>("/api/escalations");
        await Site.ActAsync(leadUnit, id, "report", new { percent = 100, text = "安装调试完成", milestonesDone = Second });
        await Site.ActAsync(leadUnit, id, "complete", new { text = "20 个充电桩已投入使用" });
        await Site.ActAsync(site.Admin, id, "write_off", new { });
        await Site.ActAsync(site.Admin, id, "open_evaluation", new { });
        using (var score = await site.Resident.PostAsync($"/api/projects/{id}/scores", new { trackingCode = codes[0], score = 5, helped = true }))
        {
            Assert.Equal(HttpStatusCode.OK, score.StatusCode);
        }

        using var again = await site.Resident.PostAsync($"/api/projects/{id}/scores", new { trackingCode = codes[0], score = 1, helped = false });
        site.Time.Advance(TimeSpan.FromDays(15));
        await site.SweepAsync();
        var closed = await site.Resident.GetJsonAsync<JsonElement>($"/api/projects/{id}");
        var board = await site.Resident.GetJsonAsync<JsonElement>("/api/projects");

        Assert.Equal("merged", merged.GetProperty("status").GetString());
        Assert.Equal(id, merged.GetProperty("project").GetProperty("id").GetString());
        Assert.Equal(1, supported.GetProperty("supports").GetInt32());
        Assert.Equal(2, Assert.Single(boardInDeliberation.EnumerateArray(), p => p.GetProperty("id").GetString() == id).GetProperty("supports").GetInt32()); // The board counts each tick at once.
        var escalation = Assert.Single(late.EnumerateArray().SelectMany(i => i.GetProperty("items").EnumerateArray()));
        Assert.Contains("选址与报装", escalation.GetProperty("reason").GetString());
        Assert.Empty(lateAfterReport.EnumerateArray().SelectMany(i => i.GetProperty("items").EnumerateArray()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.Equal("review", closed.GetProperty("recommendation").GetString()); // One score is fewer than the 5 needed to judge.
        Assert.Equal(5.0, closed.GetProperty("averageScore").GetDouble());
        Assert.Equal(1.0, closed.GetProperty("satisfiedShare").GetDouble()); // The one score is a 5.
        Assert.Equal("国网亦庄供电所", closed.GetProperty("leadUnitName").GetString());
        Assert.Equal(2, closed.GetProperty("claims").EnumerateArray().Count(c => c.GetProperty("status").GetString() == "confirmed"));
        var actions = closed.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(
            ["propose", "open_deliberation", "approve", "publish", "assign_coordinator", "claim", "claim", "confirm_claim", "confirm_claim", "start_execution",
             "escalate_milestone", "report", "report", "complete", "write_off", "open_evaluation", "close_evaluation"],
            actions);
        var row = Assert.Single(board.EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        Assert.Equal("closed", row.GetProperty("state").GetString());
        Assert.Equal(2, row.GetProperty("supports").GetInt32());

        // Counted for the rankings, for the project and for both confirmed claimants: the first milestone late, the second on time, completed, one 5.
        foreach (var subject in new[] { $"project|{id}", $"social|{unitA}", $"social|{unitB}" })
        {
            var counted = await CountedAsync(site, subject);
            Assert.Equal((2, 1, 1, 1, 1, 5, 1, 1), (counted.Milestones, counted.MilestonesOnTime, counted.ProjectsEnded, counted.ProjectsCompleted, counted.Scores, counted.ScoreSum, counted.ScoresSatisfied, counted.Helped));
        }
    }

    private static async Task<ServerlessMinSheng.Functions.Rankings.MetricCounts> CountedAsync(Site site, string subject)
    {
        var tables = site.Intake.App.Services.GetRequiredService<ServerlessMinSheng.Functions.Storage.AppTables>();
        var table = await tables.GetAsync(ServerlessMinSheng.Functions.Rankings.MetricMonth.TableName);
        var months = await table.QueryAsync<ServerlessMinSheng.Functions.Rankings.MetricMonth>(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {subject} and RowKey ge {"m|"} and RowKey lt {"m}"}")).ToListAsync();
        return months.SelectMany(m => m.DayCounts().Values).Aggregate(ServerlessMinSheng.Functions.Rankings.MetricCounts.Zero, (x, y) => x + y);
    }

    [Fact]
    public async Task ARejectionsReasonReachesEveryLinkedResidentsTrackingPage()
    {
        await using var site = await Site.StartAsync();
        var codes = new[] { await site.TriagedRequestAsync("希望建社区食堂"), await site.TriagedRequestAsync("老人吃饭难") };
        var id = (await site.ProposeAsync(codes)).GetProperty("id").GetString()!;
        await Site.ActAsync(site.Admin, id, "open_deliberation", new { });
        using var noReason = await site.Admin.PostAsync($"/api/projects/{id}/actions/reject", new { });
        await Site.ActAsync(site.Admin, id, "reject", new { reason = "周边 500 米内已有养老驿站助餐点，改为扩大其服务" });

        foreach (var code in codes)
        {
            var tracked = await site.Resident.GetJsonAsync<JsonElement>($"/api/requests/{code}");
            Assert.Equal("rejected", tracked.GetProperty("project").GetProperty("state").GetString());
            Assert.Contains("养老驿站", tracked.GetProperty("project").GetProperty("reason").GetString());
            Assert.Contains(tracked.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "project_reject"); // The in-app notice.
        }

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
    }

    [Fact]
    public async Task TwentyConcurrentClaimsAllLandInSomeSerialOrderWithOneEventEach()
    {
        await using var site = await Site.StartAsync();
        var id = (await site.ProposeAsync([])).GetProperty("id").GetString()!;
        await Site.ActAsync(site.Admin, id, "open_deliberation", new { });
        await Site.ActAsync(site.Admin, id, "approve", new { });
        var published = await Site.ActAsync(site.Admin, id, "publish", new { batch = "第二批" });
        var claimants = new List<ApiClient>();
        for (var i = 0; i < 20; i++)
        {
            var unit = await IdentityTestApp.CreateAsync(site.Admin, "/api/admin/social-units", new { name = $"爱心企业{i:D2}", category = "company" });
            claimants.Add(await site.UserAsync($"su{i:D2}", "social_unit", unit));
        }

        var results = await Task.WhenAll(claimants.Select(async c =>
        {
            using var response = await c.PostAsync($"/api/projects/{id}/actions/claim", new { pledgeKind = "service", text = "提供服务" });
            return response.StatusCode;
        }));
        var project = await site.Admin.GetJsonAsync<JsonElement>($"/api/projects/{id}");
        claimants.ForEach(c => c.Dispose());

        Assert.All(results, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(20, project.GetProperty("claims").GetArrayLength());
        var versions = project.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("version").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions); // Every version once: no lost update, no doubled event.
        Assert.Equal(published.GetProperty("version").GetInt32() + 20, project.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task AnUnclaimedProjectEscalatesToItsCoordinatorWhoCanExtendTheClaimWindow()
    {
        await using var site = await Site.StartAsync();
        using var coordinator = await site.UserAsync("coord2", "coordinator", null);
        var id = (await site.ProposeAsync([])).GetProperty("id").GetString()!;
        await Site.ActAsync(site.Admin, id, "open_deliberation", new { });
        await Site.ActAsync(site.Admin, id, "approve", new { });
        await Site.ActAsync(site.Admin, id, "publish", new { batch = "第三批" });
        await Site.ActAsync(site.Admin, id, "assign_coordinator", new { coordinator = "coord2" });

        site.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(5));
        await site.SweepAsync();
        await Site.SignInAgainAsync((coordinator, "coord2"));
        var inbox = await coordinator.GetJsonAsync<JsonElement>("/api/escalations");
        var offered = await coordinator.GetJsonAsync<JsonElement>($"/api/projects/{id}");
        await Site.ActAsync(coordinator, id, "extend_claims", new { extendDays = 7 });
        var after = await coordinator.GetJsonAsync<JsonElement>("/api/escalations");

        Assert.Equal(id, Assert.Single(inbox.EnumerateArray().SelectMany(i => i.GetProperty("items").EnumerateArray())).GetProperty("displayCode").GetString());
        Assert.Equal(["cancel", "confirm_claim", "extend_claims", "fund_by_government"],
            offered.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("action").GetString()!).Where(a => a != "claim").Order());
        Assert.Empty(after.EnumerateArray().SelectMany(i => i.GetProperty("items").EnumerateArray()));
    }

    [Fact]
    public async Task AProjectFundedByTheGovernmentWithoutAClaimantIsDeliveredByItsCoordinator()
    {
        await using var site = await Site.StartAsync();
        using var coordinator = await site.UserAsync("coord3", "coordinator", null);
        var unit = await IdentityTestApp.CreateAsync(site.Admin, "/api/admin/social-units", new { name = "亦庄志愿者协会", category = "ngo" });
        using var socialUnit = await site.UserAsync("su-c", "social_unit", unit);
        var id = (await site.ProposeAsync([])).GetProperty("id").GetString()!;
        await Site.ActAsync(site.Admin, id, "open_deliberation", new { });
        await Site.ActAsync(site.Admin, id, "approve", new { });
        await Site.ActAsync(site.Admin, id, "publish", new { batch = "第四批" });
        await Site.ActAsync(site.Admin, id, "assign_coordinator", new { coordinator = "coord3" });
        site.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(5));
        await site.SweepAsync();
        await Site.SignInAgainAsync((coordinator, "coord3"), (socialUnit, "su-c"), (site.Admin, IdentityTestApp.AdminName));

        await Site.ActAsync(coordinator, id, "fund_by_government", new { reason = "无社会单位认领，纳入政府兜底" });
        await Site.ActAsync(coordinator, id, "start_execution", new { milestones = new[] { new { title = "施工", owner = "街道城建科", dueAt = site.Time.GetUtcNow().AddDays(10) } } });
        using var notTheirs = await socialUnit.PostAsync($"/api/projects/{id}/actions/report", new { percent = 50, text = "进度过半" });
        await Site.ActAsync(coordinator, id, "report", new { percent = 100, text = "施工完成", milestonesDone = First });
        var done = await Site.ActAsync(coordinator, id, "complete", new { text = "已完工并投入使用" });

        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Equal("completed", done.GetProperty("state").GetString());
    }

    private sealed class Site : IAsyncDisposable
    {
        private Site(IntakeTestApp intake, ManualTimeProvider time)
        {
            Intake = intake;
            Time = time;
            Resident = new ApiClient(intake.App.Address);
        }

        public IntakeTestApp Intake { get; }

        public ManualTimeProvider Time { get; }

        public ApiClient Admin => Intake.Admin;

        public ApiClient Resident { get; }

        public static async Task<Site> StartAsync()
        {
            var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
            return new Site(await IntakeTestApp.StartAsync(time: time), time);
        }

        public async Task<ApiClient> UserAsync(string username, string role, string? scope)
        {
            await AuthorizationTests.CreateUserAsync(Admin, username, role, scope);
            return await ApiClient.SignedInAsync(Intake.App, username, Password);
        }

        public async Task<string> TriagedRequestAsync(string title)
        {
            var code = await Intake.SubmitAsync(Resident, title, $"{title}，希望社区能统一解决，很多居民都有这个需求");
            await Intake.WaitForTriageAsync(code);
            return code;
        }

        public async Task<JsonElement> ProposeAsync(string[] linked)
        {
            using var response = await Admin.PostAsync("/api/projects", new { title = "小区电动车充电桩", description = "在朝林社区建设集中充电设施", theme = "宜居", communityIds = new[] { Intake.CommunityId }, budget = 80000, linkedRequests = linked });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            return JsonDocument.Parse(text).RootElement;
        }

        public async Task<JsonElement> SupportAsync(string id, string code)
        {
            using var response = await Resident.PostAsync($"/api/projects/{id}/support", new { trackingCode = code });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            return JsonDocument.Parse(text).RootElement;
        }

        public static async Task<JsonElement> ActAsync(ApiClient client, string id, string action, object body)
        {
            using var response = await client.PostAsync($"/api/projects/{id}/actions/{action}", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement;
        }

        public static async Task SignInAgainAsync(params (ApiClient Client, string Username)[] clients)
        {
            foreach (var (client, username) in clients)
            {
                using var response = await client.SignInAsync(username, username == IdentityTestApp.AdminName ? IdentityTestApp.AdminPassword : Password);
                Assert.True(response.IsSuccessStatusCode, $"signing {username} in again: {(int)response.StatusCode}");
            }
        }

        public Task<int> SweepAsync() => Intake.App.Services.GetRequiredService<LifecycleTimers>().SweepAsync(CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            Resident.Dispose();
            await Intake.DisposeAsync();
        }
    }
}
