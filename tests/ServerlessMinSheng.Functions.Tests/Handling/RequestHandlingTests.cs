using ServerlessMinSheng.Functions.Storage;
using System.Net;
using System.Text.Json;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Tests.Identity;
using ServerlessMinSheng.Functions.Tests.Intake;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Functions.Tests.Handling;

/// <summary>Quick handling through the real HTTP API, on real Azurite, with a clock the test moves.</summary>
public class RequestHandlingTests
{
    private const string Password = "社区工作人员的密码123";

    [Fact]
    public async Task ARequestGoesFromDispatchToTheResidentsRatingAndTheTimelineShowsEachStep()
    {
        await using var flow = await Flow.StartAsync();
        var code = await flow.TriagedRequestAsync("13800138000");
        var queued = await flow.Site.Admin.GetJsonAsync<JsonElement>("/api/triage");

        var dispatched = await Flow.ActAsync(flow.Site.Admin, code, "dispatch", new { unitKind = "community", unitId = flow.Site.CommunityId, version = 0 });
        var queuedAfterDispatch = await flow.Site.Admin.GetJsonAsync<JsonElement>("/api/triage");
        var inbox = await flow.Worker.GetJsonAsync<JsonElement>("/api/handling/inbox");
        var signed = await Flow.ActAsync(flow.Worker, code, "sign", new { version = 1 });
        var replied = await Flow.ActAsync(flow.Worker, code, "reply", new { outcome = "resolved", text = "已安排物业更换灯泡，今晚恢复照明。", version = 2 });
        var inboxAfterReply = await flow.Worker.GetJsonAsync<JsonElement>("/api/handling/inbox");
        using var rating = await flow.Resident.PostAsync($"/api/requests/{code}/rating", new { resolved = true, satisfaction = "satisfied" });
        var tracked = await flow.Resident.GetJsonAsync<JsonElement>($"/api/requests/{code}");
        var handling = await flow.Site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}/handling");

        Assert.Equal("dispatched", dispatched.GetProperty("state").GetString());
        Assert.Contains(code, queued.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.DoesNotContain(code, queuedAfterDispatch.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString())); // Dispatching takes its triage as it stands.
        Assert.Contains(code, inbox.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.Equal("signed", signed.GetProperty("state").GetString());
        Assert.Equal(["reply", "return"], signed.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("action").GetString()!).Order());
        Assert.Equal("replied", replied.GetProperty("state").GetString());
        Assert.Empty(inboxAfterReply.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, rating.StatusCode);
        Assert.Equal("closed", tracked.GetProperty("status").GetString());
        Assert.False(tracked.GetProperty("canRate").GetBoolean());
        var timeline = tracked.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["received", "triaged", "dispatch", "sign", "reply", "rate"], timeline);
        Assert.DoesNotContain("13800138000", tracked.GetRawText());
        Assert.Equal([1, 2, 3, 4], handling.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("version").GetInt32()));
        Assert.Equal(4, handling.GetProperty("version").GetInt32());
        Assert.Empty(handling.GetProperty("actions").EnumerateArray());
    }

    [Fact]
    public async Task AStepTheStateOrTheScopeDoesNotPermitIsRefusedWithTheAllowedStepsAndChangesNothing()
    {
        await using var flow = await Flow.StartAsync();
        var code = await flow.TriagedRequestAsync();
        await AuthorizationTests.CreateUserAsync(flow.Site.Admin, "dongli1", "community_staff", flow.Site.OtherCommunityId);
        using var outsider = await ApiClient.SignedInAsync(flow.Site.App, "dongli1", Password);

        using var signTooEarly = await flow.Worker.PostAsync($"/api/staff/requests/{code}/actions/sign", new { });
        using var rateTooEarly = await flow.Resident.PostAsync($"/api/requests/{code}/rating", new { resolved = true, satisfaction = "satisfied" });
        using var outsiderDispatch = await outsider.PostAsync($"/api/staff/requests/{code}/actions/dispatch", new { unitKind = "community", unitId = flow.Site.OtherCommunityId });
        using var badUnit = await flow.Worker.PostAsync($"/api/staff/requests/{code}/actions/dispatch", new { unitKind = "planet", unitId = "x" });
        using var unknown = await flow.Worker.PostAsync($"/api/staff/requests/{code}/actions/teleport", new { });
        using var anonymous = await flow.Resident.PostAsync($"/api/staff/requests/{code}/actions/dispatch", new { unitKind = "community", unitId = flow.Site.CommunityId });
        await Flow.ActAsync(flow.Worker, code, "dispatch", new { unitKind = "community", unitId = flow.Site.CommunityId });
        using var emptyReply = await flow.Worker.PostAsync($"/api/staff/requests/{code}/actions/reply", new { outcome = "resolved" });
        await Flow.ActAsync(flow.Worker, code, "sign", new { });
        using var badReply = await flow.Worker.PostAsync($"/api/staff/requests/{code}/actions/reply", new { outcome = "maybe", text = "" });
        var after = await flow.Site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}/handling");

        Assert.Equal(HttpStatusCode.Conflict, signTooEarly.StatusCode);
        var problem = await ApiClient.ProblemAsync(signTooEarly);
        Assert.Equal("action_not_allowed", problem.GetProperty("code").GetString());
        Assert.Equal("triaged", problem.GetProperty("state").GetString());
        Assert.Equal(["close_duplicate", "dispatch"], problem.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!).Order());
        Assert.Contains("待派单", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Conflict, rateTooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outsiderDispatch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUnit.StatusCode);
        Assert.True((await ApiClient.ProblemAsync(badUnit)).GetProperty("errors").TryGetProperty("unitKind", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, emptyReply.StatusCode); // Not signed yet: the state is checked first.
        Assert.Equal(HttpStatusCode.BadRequest, badReply.StatusCode);
        var errors = (await ApiClient.ProblemAsync(badReply)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("outcome", out _) && errors.TryGetProperty("text", out _));
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal("signed", after.GetProperty("state").GetString());
    }

    [Fact]
    public async Task AnUnsignedRequestEscalatesToItsTownThenTheDistrictAndLeavesBothInboxesWhenSigned()
    {
        await using var flow = await Flow.StartAsync();
        var code = await flow.TriagedRequestAsync();
        await AuthorizationTests.CreateUserAsync(flow.Site.Admin, "town1", "town_staff", flow.Site.TownId);
        using var town = await ApiClient.SignedInAsync(flow.Site.App, "town1", Password);
        await Flow.ActAsync(flow.Site.Admin, code, "dispatch", new { unitKind = "community", unitId = flow.Site.CommunityId });

        flow.Time.Advance(TimeSpan.FromMinutes(119));
        await flow.SweepAsync();
        var before = await flow.Site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}/handling");
        flow.Time.Advance(TimeSpan.FromMinutes(2));
        await flow.SweepAsync();
        var townInbox = await town.GetJsonAsync<JsonElement>("/api/escalations");
        var districtEmpty = await flow.Site.Admin.GetJsonAsync<JsonElement>("/api/escalations");
        flow.Time.Advance(TimeSpan.FromHours(2));
        await flow.SweepAsync();
        await flow.SweepAsync();
        var district = await flow.Site.Admin.GetJsonAsync<JsonElement>("/api/escalations");
        var townStill = await town.GetJsonAsync<JsonElement>("/api/escalations");
        var tracked = await flow.Resident.GetJsonAsync<JsonElement>($"/api/requests/{code}");
        await Flow.ActAsync(flow.Worker, code, "sign", new { });
        var townAfter = await town.GetJsonAsync<JsonElement>("/api/escalations");
        var districtAfter = await flow.Site.Admin.GetJsonAsync<JsonElement>("/api/escalations");
        var handling = await flow.Site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}/handling");

        Assert.Equal(0, before.GetProperty("escalationLevel").GetInt32());
        Assert.Equal([code], Items(townInbox).Select(i => i.GetProperty("key").GetString()));
        Assert.Equal(1, Items(townInbox).Single().GetProperty("level").GetInt32());
        Assert.Empty(Items(districtEmpty));
        Assert.Equal(2, Items(district).Single().GetProperty("level").GetInt32());
        Assert.Single(Items(townStill));
        Assert.Contains(tracked.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains("区级督办", StringComparison.Ordinal));
        Assert.Empty(Items(townAfter));
        Assert.Empty(Items(districtAfter));
        Assert.Equal(["dispatch", "escalate_sign", "escalate_sign", "sign"], handling.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task ATimerDeliveredTwiceOrAfterItsStepIsDoneChangesNothing()
    {
        await using var flow = await Flow.StartAsync();
        var code = await flow.TriagedRequestAsync();
        await Flow.ActAsync(flow.Site.Admin, code, "dispatch", new { unitKind = "community", unitId = flow.Site.CommunityId });
        var timer = Assert.Single(await flow.Services.GetRequiredService<DeadlineIndex>().DueAsync(flow.Time.GetUtcNow().AddDays(30), 100, CancellationToken.None));
        var timers = flow.Services.GetRequiredService<LifecycleTimers>();

        flow.Time.Advance(TimeSpan.FromHours(3));
        await timers.HandleAsync(timer, CancellationToken.None);
        await timers.HandleAsync(timer, CancellationToken.None); // Redelivered.
        var once = await flow.Site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}/handling");
        await Flow.ActAsync(flow.Worker, code, "sign", new { });
        await timers.HandleAsync(timer, CancellationToken.None); // After the step it watched is done.
        await flow.Services.GetRequiredService<TriggerQueues>().SendJsonAsync(TimerScheduling.QueueName, timer);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await flow.Site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}/handling");

        Assert.Equal(1, once.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(["dispatch", "escalate_sign"], once.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal("signed", after.GetProperty("state").GetString());
        Assert.Equal(0, after.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(3, after.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task ATimerWhoseMessageWasDeletedByHandIsStillFiredByTheSweep()
    {
        await using var flow = await Flow.StartAsync();
        var code = await flow.TriagedRequestAsync();
        await Flow.ActAsync(flow.Site.Admin, code, "dispatch", new { unitKind = "community", unitId = flow.Site.CommunityId });
        var queue = StorageClients.Queues(flow.Site.App.App.Configuration["AzureWebJobsStorage"]!).GetQueueClient(TimerScheduling.QueueName);
        await queue.ClearMessagesAsync();

        flow.Time.Advance(TimeSpan.FromMinutes(121));
        var fired = await flow.SweepAsync();
        var handling = await flow.Site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}/handling");
        var pending = await flow.Services.GetRequiredService<DeadlineIndex>().DueAsync(flow.Time.GetUtcNow(), 100, CancellationToken.None);

        Assert.True(fired >= 1);
        Assert.Equal(1, handling.GetProperty("escalationLevel").GetInt32());
        Assert.Empty(pending); // The fired deadline left the index; the next one (district, in 2 hours) is not due yet.
    }

    [Fact]
    public async Task AnUnratedReplyClosesWhenTheRatingWindowEndsAndCanNoLongerBeRated()
    {
        await using var flow = await Flow.StartAsync();
        var code = await flow.TriagedRequestAsync();
        await Flow.ActAsync(flow.Site.Admin, code, "dispatch", new { unitKind = "community", unitId = flow.Site.CommunityId });
        await Flow.ActAsync(flow.Worker, code, "sign", new { });
        await Flow.ActAsync(flow.Worker, code, "reply", new { outcome = "explained", text = "该路段属于市政道路，已转交市政部门，预计下月维修。" });
        var replied = await flow.Resident.GetJsonAsync<JsonElement>($"/api/requests/{code}");

        flow.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await flow.SweepAsync();
        var closed = await flow.Resident.GetJsonAsync<JsonElement>($"/api/requests/{code}");
        using var late = await flow.Resident.PostAsync($"/api/requests/{code}/rating", new { resolved = false, satisfaction = "unsatisfied" });

        Assert.True(replied.GetProperty("canRate").GetBoolean());
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("close_unrated", closed.GetProperty("timeline").EnumerateArray().Last().GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("not_ratable", (await ApiClient.ProblemAsync(late)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task TwentyConcurrentSignaturesEndInOneSignatureAndOneHistoryEvent()
    {
        await using var flow = await Flow.StartAsync();
        var code = await flow.TriagedRequestAsync();
        await Flow.ActAsync(flow.Site.Admin, code, "dispatch", new { unitKind = "community", unitId = flow.Site.CommunityId });
        var workers = new List<ApiClient> { flow.Worker };
        for (var i = 2; i <= 4; i++)
        {
            await AuthorizationTests.CreateUserAsync(flow.Site.Admin, $"chaolin{i}", "community_staff", flow.Site.CommunityId);
            workers.Add(await ApiClient.SignedInAsync(flow.Site.App, $"chaolin{i}", Password));
        }

        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            var worker = workers[i % workers.Count];
            using var response = await worker.PostAsync($"/api/staff/requests/{code}/actions/sign", new { version = 1 });
            return (Worker: i % workers.Count, response.StatusCode);
        });
        var results = await Task.WhenAll(attempts);
        var handling = await flow.Site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}/handling");
        workers.Skip(1).ToList().ForEach(w => w.Dispose());

        var winners = results.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Worker).Distinct().ToList();
        Assert.Single(winners); // Only one person signed; their own repeats are answered as done.
        Assert.All(results.Where(r => r.Worker != winners[0]), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(["dispatch", "sign"], handling.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(2, handling.GetProperty("version").GetInt32());
    }

    private static IEnumerable<JsonElement> Items(JsonElement inboxes) => inboxes.EnumerateArray().SelectMany(i => i.GetProperty("items").EnumerateArray());

    /// <summary>An app on a manual clock, a community worker, and a resident.</summary>
    private sealed class Flow : IAsyncDisposable
    {
        private Flow(IntakeTestApp site, ManualTimeProvider time, ApiClient worker, ApiClient resident)
        {
            Site = site;
            Time = time;
            Worker = worker;
            Resident = resident;
        }

        public IntakeTestApp Site { get; }

        public ManualTimeProvider Time { get; }

        public ApiClient Worker { get; }

        public ApiClient Resident { get; }

        public IServiceProvider Services => Site.App.Services;

        public static async Task<Flow> StartAsync()
        {
            var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
            var site = await IntakeTestApp.StartAsync(time: time);
            await AuthorizationTests.CreateUserAsync(site.Admin, "chaolin1", "community_staff", site.CommunityId);
            var worker = await ApiClient.SignedInAsync(site.App, "chaolin1", Password);
            return new Flow(site, time, worker, new ApiClient(site.App.Address));
        }

        public async Task<string> TriagedRequestAsync(string? phone = null)
        {
            var code = await Site.SubmitAsync(Resident, "楼道灯不亮", "朝林社区3号楼2单元楼道的灯坏了一个星期，晚上上下楼很危险", phone: phone);
            await Site.WaitForTriageAsync(code);
            return code;
        }

        public static async Task<JsonElement> ActAsync(ApiClient client, string code, string action, object body)
        {
            using var response = await client.PostAsync($"/api/staff/requests/{code}/actions/{action}", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement;
        }

        public Task<int> SweepAsync() => Services.GetRequiredService<LifecycleTimers>().SweepAsync(CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            Worker.Dispose();
            Resident.Dispose();
            await Site.DisposeAsync();
        }
    }
}
