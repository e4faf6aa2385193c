using System.Net;
using System.Text.Json;
using ServerlessMinSheng.Functions.Projects;
using ServerlessMinSheng.Functions.Tests.Identity;
using ServerlessMinSheng.Functions.Tests.Intake;

namespace ServerlessMinSheng.Functions.Tests.Handling;

/// <summary>从热点聚类提议: a micro-project proposed from a topic cluster, through the real API on Azurite.</summary>
public class ProjectFromClusterTests
{
    private const string Password = "社区工作人员的密码123";
    private const string Lamp = "朝林路东口的路灯坏了一个多星期，晚上走路很黑，老人孩子出门不安全，希望尽快修好路灯。";

    [Fact]
    public async Task ProposingFromAClusterLinksItsMergeableRequestsInTheProjectsCommunitiesAndRecordsTheCluster()
    {
        await using var site = await Site.StartAsync();
        var chaolin1 = await site.TriagedAsync("路灯不亮", Lamp, site.Intake.CommunityId);
        var chaolin2 = await site.TriagedAsync("路灯坏了", "朝林路东口的路灯坏了一个多星期，晚上很黑，出门不安全，希望尽快修好路灯。", site.Intake.CommunityId);
        var chaolinClosed = await site.TriagedAsync("路灯不亮了", Lamp, site.Intake.CommunityId);
        var dongli = await site.TriagedAsync("路灯不亮", "朝林路东口的路灯坏了一个多星期，晚上走路很黑，希望尽快修好路灯。", site.Intake.OtherCommunityId);
        var yinghai = await site.TriagedAsync("路灯不亮", Lamp, site.YinghaiId);
        var unrelated = await site.TriagedAsync("健身器材坏了", "小区健身广场的健身器材坏了好几个，老人锻炼很不方便", site.Intake.CommunityId);
        var clusterId = await site.ClusterOfAsync(chaolin1);
        foreach (var code in new[] { chaolin2, chaolinClosed, dongli, yinghai })
        {
            Assert.True(clusterId == await site.ClusterOfAsync(code), $"the analyzer put {code} in another cluster than {chaolin1}");
        }

        Assert.NotEqual(clusterId, await site.ClusterOfAsync(unrelated));
        using (var close = await site.Admin.PostAsync($"/api/staff/requests/{chaolinClosed}/actions/close_duplicate", new { of = chaolin1 }))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        using var townWorker = await site.UserAsync("zhao.min", "town_staff", site.Intake.TownId);
        using var otherTownWorker = await site.UserAsync("wang.hai", "town_staff", site.YinghaiTownId);
        var forDistrict = await site.CandidateAsync(site.Admin, clusterId, membersInScope: 5);
        var forTown = await site.CandidateAsync(townWorker, clusterId, membersInScope: 4);
        var forOtherTown = await site.CandidateAsync(otherTownWorker, clusterId, membersInScope: 1);

        using var proposal = await townWorker.PostAsync("/api/projects", Site.Proposal(clusterId, "key-1", site.Intake.CommunityId, site.Intake.OtherCommunityId));
        var project = JsonDocument.Parse(await proposal.Content.ReadAsStringAsync()).RootElement;
        var id = project.GetProperty("id").GetString()!;
        using var replay = await townWorker.PostAsync("/api/projects", Site.Proposal(clusterId, "key-1", site.Intake.CommunityId, site.Intake.OtherCommunityId));
        var stored = await site.Intake.App.Services.GetRequiredService<ProjectService>().FindAsync(id, CancellationToken.None);
        using var nothingLeft = await townWorker.PostAsync("/api/projects", Site.Proposal(clusterId, "key-2", site.Intake.CommunityId, site.Intake.OtherCommunityId));
        var afterwards = await site.CandidatesAsync(townWorker);
        using var otherTown = await otherTownWorker.PostAsync("/api/projects", Site.Proposal(clusterId, "key-3", site.YinghaiId));
        var otherProject = JsonDocument.Parse(await otherTown.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(Sorted(chaolin1, chaolin2, dongli, yinghai), Codes(forDistrict).Order(StringComparer.Ordinal));
        Assert.Equal(5, forDistrict.GetProperty("size").GetInt32());
        Assert.Contains("路灯", string.Concat(forDistrict.GetProperty("label").EnumerateArray().Select(p => p.GetString())), StringComparison.Ordinal);
        Assert.Equal(Sorted(chaolin1, chaolin2, dongli), Codes(forTown).Order(StringComparer.Ordinal)); // Not the closed one, not the other town's.
        Assert.Equal(4, forTown.GetProperty("membersInScope").GetInt32());
        Assert.Equal([yinghai], Codes(forOtherTown));
        var member = forTown.GetProperty("members").EnumerateArray().First(m => m.GetProperty("code").GetString() == dongli);
        Assert.Equal("东里社区", member.GetProperty("communityName").GetString());
        Assert.Equal("triaged", member.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Created, proposal.StatusCode);
        Assert.Equal(3, project.GetProperty("linkedRequests").GetInt32());
        Assert.Equal(clusterId, stored!.ClusterId);
        Assert.Equal(Sorted(chaolin1, chaolin2, dongli), JsonSerializer.Deserialize<string[]>(stored.LinkedRequests)!.Order(StringComparer.Ordinal));
        foreach (var code in new[] { chaolin1, chaolin2, dongli })
        {
            var tracked = await site.Resident.GetJsonAsync<JsonElement>($"/api/requests/{code}");
            Assert.Equal("merged", tracked.GetProperty("status").GetString());
            Assert.Equal(id, tracked.GetProperty("project").GetProperty("id").GetString());
        }

        Assert.Equal("duplicate", (await site.Resident.GetJsonAsync<JsonElement>($"/api/requests/{chaolinClosed}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode); // The same key is the same project, though its requests are merged by now.
        Assert.Equal(id, JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());

        // Everything mergeable in the town is in the project now: a second proposal is refused at the field, and the cluster is no longer offered.
        Assert.Equal(HttpStatusCode.BadRequest, nothingLeft.StatusCode);
        Assert.True((await ApiClient.ProblemAsync(nothingLeft)).GetProperty("errors").TryGetProperty("clusterId", out _));
        Assert.DoesNotContain(afterwards.EnumerateArray(), c => c.GetProperty("id").GetString() == clusterId);

        // The other town's worker proposes from the same cluster for their own community: only their resident's request.
        Assert.Equal(HttpStatusCode.Created, otherTown.StatusCode);
        Assert.Equal(1, otherProject.GetProperty("linkedRequests").GetInt32());
        Assert.Equal(otherProject.GetProperty("id").GetString(), (await site.Resident.GetJsonAsync<JsonElement>($"/api/requests/{yinghai}")).GetProperty("project").GetProperty("id").GetString());
    }

    [Fact]
    public async Task AnUnknownClusterIsRefusedAndCreatesNothingAndOnlyProjectStaffSeeCandidates()
    {
        await using var site = await Site.StartAsync();
        await AuthorizationTests.CreateUserAsync(site.Admin, "li.na", "community_staff", site.Intake.CommunityId);
        using var communityWorker = await ApiClient.SignedInAsync(site.Intake.App, "li.na", Password);

        using var unknown = await site.Admin.PostAsync("/api/projects", Site.Proposal("c999999", "bad-1", site.Intake.CommunityId));
        using var malformed = await site.Admin.PostAsync("/api/projects", Site.Proposal("../c1?x", "bad-2", site.Intake.CommunityId));
        using var unknownCandidate = await site.Admin.GetAsync("/api/projects/clusters?cluster=c999999");
        using var notStaff = await communityWorker.GetAsync("/api/projects/clusters");
        using var anonymous = await site.Resident.GetAsync("/api/projects/clusters");
        var board = await site.Admin.GetJsonAsync<JsonElement>("/api/projects");

        foreach (var refused in new[] { unknown, malformed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await ApiClient.ProblemAsync(refused);
            Assert.Equal(["clusterId"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }

        Assert.Equal(HttpStatusCode.NotFound, unknownCandidate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notStaff.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(board.EnumerateArray());
    }

    private static IEnumerable<string> Codes(JsonElement candidate) => candidate.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("code").GetString()!);

    private static string[] Sorted(params string[] codes) => codes.Order(StringComparer.Ordinal).ToArray();

    private sealed class Site : IAsyncDisposable
    {
        private Site(IntakeTestApp intake, ManualTimeProvider time, string yinghaiTownId, string yinghaiId)
        {
            Intake = intake;
            Time = time;
            YinghaiTownId = yinghaiTownId;
            YinghaiId = yinghaiId;
            Resident = new ApiClient(intake.App.Address);
        }

        public IntakeTestApp Intake { get; }

        public ManualTimeProvider Time { get; }

        /// <summary>A second town with one community, for scope.</summary>
        public string YinghaiTownId { get; }

        public string YinghaiId { get; }

        public ApiClient Admin => Intake.Admin;

        public ApiClient Resident { get; }

        public static async Task<Site> StartAsync()
        {
            var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
            var intake = await IntakeTestApp.StartAsync(time: time);
            var town = await IdentityTestApp.CreateAsync(intake.Admin, "/api/admin/towns", new { name = "瀛海镇" });
            var community = await IdentityTestApp.CreateAsync(intake.Admin, "/api/admin/communities", new { name = "瀛海社区", townId = town });
            return new Site(intake, time, town, community);
        }

        public async Task<ApiClient> UserAsync(string username, string role, string? scope)
        {
            await AuthorizationTests.CreateUserAsync(Admin, username, role, scope);
            return await ApiClient.SignedInAsync(Intake.App, username, Password);
        }

        public async Task<string> TriagedAsync(string title, string description, string communityId)
        {
            var code = await Intake.SubmitAsync(Resident, title, description, communityId);
            await Intake.WaitForTriageAsync(code);
            return code;
        }

        /// <summary>The cluster the staff view names, once triage has recorded it (the cluster rows follow the request's own triage).</summary>
        public async Task<string> ClusterOfAsync(string code)
        {
            var detail = await Eventually.ReturnsAsync(
                () => Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}"), d => d.GetProperty("cluster").ValueKind == JsonValueKind.Object, $"{code}'s cluster");
            return detail.GetProperty("cluster").GetProperty("id").GetString()!;
        }

        /// <summary>The candidate list reads a 30-second cluster cache on the app's clock, which this test moves past it each time.</summary>
        public async Task<JsonElement> CandidatesAsync(ApiClient client)
        {
            Time.Advance(TimeSpan.FromSeconds(31));
            return await client.GetJsonAsync<JsonElement>("/api/projects/clusters");
        }

        /// <summary>The cluster among the candidates once its member rows (written after the request's own triage) are all there.</summary>
        public async Task<JsonElement> CandidateAsync(ApiClient client, string clusterId, int membersInScope)
        {
            for (var attempt = 1; ; attempt++)
            {
                var found = (await CandidatesAsync(client)).EnumerateArray().FirstOrDefault(c => c.GetProperty("id").GetString() == clusterId);
                if (found.ValueKind == JsonValueKind.Object && found.GetProperty("membersInScope").GetInt32() == membersInScope)
                {
                    return found;
                }

                Assert.True(attempt < 40, $"cluster {clusterId} with {membersInScope} requests in scope among the candidates; last: {found}");
                await Task.Delay(250);
            }
        }

        public static object Proposal(string clusterId, string key, params string[] communityIds) => new
        {
            title = "朝林路路灯维修", description = "修复朝林路东口的路灯，并加装两盏", theme = "平安", communityIds, budget = 20000, clusterId, idempotencyKey = key,
        };

        public async ValueTask DisposeAsync()
        {
            Resident.Dispose();
            await Intake.DisposeAsync();
        }
    }
}
