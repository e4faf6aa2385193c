using System.Net;
using System.Text;
using System.Text.Json;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Rankings;
using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Functions.Tests.Identity;
using ServerlessMinSheng.Functions.Tests.Intake;

namespace ServerlessMinSheng.Functions.Tests.Rankings;

/// <summary>The nightly job on real Azurite: a data set with hand-computed rates, period boundaries through the real request flow, idempotence.</summary>
public class RankingJobTests
{
    private const string Password = "社区工作人员的密码123";

    /// <summary>11:00 on 21 November 2026 in Beijing: "yesterday" is the 20th.</summary>
    private static readonly DateTimeOffset Morning = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheRankingsOfAKnownDataSetMatchTheHandComputedRatesWithTiesSmallSamplesAndUnitsWithoutData()
    {
        await using var site = await IntakeTestApp.StartAsync(time: new ManualTimeProvider(Morning));
        var luhai = await IdentityTestApp.CreateAsync(site.Admin, "/api/admin/communities", new { name = "鹿海社区", townId = site.TownId });
        _ = await IdentityTestApp.CreateAsync(site.Admin, "/api/admin/communities", new { name = "马驹桥社区", townId = site.TownId });
        var recorder = site.App.Services.GetRequiredService<MetricRecorder>();
        var november = new DateOnly(2026, 11, 5);
        var typical = new MetricCounts { Dispatched = 20, SignedInTime = 18, Rated = 10, Resolved = 8, Satisfied = 6, BasicallySatisfied = 3, Unsatisfied = 1 };
        await recorder.RecordAsync(new MetricFact("a", Community(site.CommunityId, site.TownId), november, typical), default);
        await recorder.RecordAsync(new MetricFact("b", Community(site.OtherCommunityId, site.TownId), november.AddDays(10), typical), default);
        await recorder.RecordAsync(new MetricFact("c", Community(luhai, site.TownId), new DateOnly(2026, 11, 20), new MetricCounts { Dispatched = 2, SignedInTime = 2, Rated = 2, Resolved = 2, Satisfied = 2 }), default);
        await recorder.RecordAsync(new MetricFact("oct", Community(site.CommunityId, site.TownId), new DateOnly(2026, 10, 31), new MetricCounts { Dispatched = 1 }), default);
        await recorder.RecordAsync(new MetricFact("tomorrow", Community(site.CommunityId, site.TownId), new DateOnly(2026, 11, 21), new MetricCounts { Dispatched = 5 }), default); // After "yesterday": not in the month yet.

        var run = await RunAsync(site.Admin, new { from = "2026-10-31", to = "2026-11-20" });
        var month = await site.Admin.GetJsonAsync<JsonElement>("/api/rankings/community/month/2026-11");
        var town = await site.Admin.GetJsonAsync<JsonElement>("/api/rankings/town/month/2026-11");
        var october = await site.Admin.GetJsonAsync<JsonElement>("/api/rankings/community/month/2026-10");
        var catalog = await new ApiClient(site.App.Address).GetJsonAsync<JsonElement>("/api/rankings");

        Assert.Equal("2026-10-31", run.GetProperty("from").GetString());
        Assert.Equal("2026-11-01", month.GetProperty("from").GetString());
        Assert.Equal("2026-11-20", month.GetProperty("to").GetString());
        Assert.True(month.GetProperty("partial").GetBoolean());
        var lines = month.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["东里社区", "朝林社区", "鹿海社区", "马驹桥社区"], lines.Select(l => l.GetProperty("unitName").GetString()));
        Assert.Equal([1, 1, 3, (int?)null], lines.Select(l => l.GetProperty("rank").ValueKind == JsonValueKind.Null ? (int?)null : l.GetProperty("rank").GetInt32()));
        var chaolin = lines[1];
        AssertRate(chaolin.GetProperty("response"), 0.9, 18, 20);
        AssertRate(chaolin.GetProperty("resolution"), 0.8, 8, 10);
        AssertRate(chaolin.GetProperty("satisfaction"), 0.9, 9, 10);
        Assert.Equal(0.865, chaolin.GetProperty("score").GetDouble(), 6);
        Assert.Equal(0.9, chaolin.GetProperty("response").GetProperty("change").GetDouble(), 6); // October: 0 of 1.
        Assert.Equal(1, chaolin.GetProperty("previousRank").GetInt32());
        Assert.Equal(0, chaolin.GetProperty("rankChange").GetInt32());
        AssertRate(lines[2].GetProperty("response"), 1.0, 2, 2); // 100% on 2: below the two units with 90% on 20.
        Assert.Equal(JsonValueKind.Null, lines[3].GetProperty("response").GetProperty("rate").ValueKind);
        Assert.Equal(0, lines[3].GetProperty("response").GetProperty("n").GetInt32());
        Assert.Equal(3, month.GetProperty("ranked").GetInt32());
        Assert.Equal(1, month.GetProperty("withoutData").GetInt32());

        var yizhuang = Assert.Single(town.GetProperty("lines").EnumerateArray());
        AssertRate(yizhuang.GetProperty("response"), 38.0 / 42, 38, 42); // The town answers for its communities.
        AssertRate(yizhuang.GetProperty("resolution"), 18.0 / 22, 18, 22);
        AssertRate(yizhuang.GetProperty("satisfaction"), 20.0 / 22, 20, 22);
        AssertRate(october.GetProperty("lines")[0].GetProperty("response"), 0.0, 0, 1);
        Assert.False(october.GetProperty("partial").GetBoolean());
        var monthIds = catalog.GetProperty("levels").EnumerateArray().First(l => l.GetProperty("level").GetString() == "community")
            .GetProperty("periods").EnumerateArray().First(p => p.GetProperty("period").GetString() == "month").GetProperty("ids").EnumerateArray().Select(i => i.GetProperty("id").GetString());
        Assert.Equal(["2026-11", "2026-10"], monthIds);
    }

    [Fact]
    public async Task RunningTheJobAgainOrRecordingAFactAgainChangesNoNumber()
    {
        await using var site = await IntakeTestApp.StartAsync(time: new ManualTimeProvider(Morning));
        var recorder = site.App.Services.GetRequiredService<MetricRecorder>();
        var fact = new MetricFact("rating|X", Community(site.CommunityId, site.TownId), new DateOnly(2026, 11, 3), new MetricCounts { Rated = 1, Resolved = 1, Satisfied = 1 });
        Assert.True(await recorder.RecordAsync(fact, default));

        await RunAsync(site.Admin, new { from = "2026-11-01", to = "2026-11-20" });
        var first = await RawAsync(site.Admin, "/api/rankings/community/month/2026-11");
        var firstDay = await RawAsync(site.Admin, "/api/rankings/town/day/2026-11-03");
        var recordedAgain = await recorder.RecordAsync(fact, default);
        var concurrently = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => recorder.RecordAsync(fact with { }, default)));
        await RunAsync(site.Admin, new { from = "2026-11-01", to = "2026-11-20" });
        await RunAsync(site.Admin, new { });
        var second = await RawAsync(site.Admin, "/api/rankings/community/month/2026-11");
        var secondDay = await RawAsync(site.Admin, "/api/rankings/town/day/2026-11-03");

        Assert.False(recordedAgain);
        Assert.All(concurrently, Assert.False);
        Assert.Equal(first, second);
        Assert.Equal(firstDay, secondDay);
        Assert.Contains("\"n\":1", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DistinctFactsRecordedAtOnceAreEachCountedOnce()
    {
        await using var site = await IntakeTestApp.StartAsync(time: new ManualTimeProvider(Morning));
        var recorder = site.App.Services.GetRequiredService<MetricRecorder>();
        var unit = Community(site.CommunityId, site.TownId);

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => recorder.RecordAsync(new MetricFact($"f{i}", unit, new DateOnly(2026, 11, 1 + (i % 3)), new MetricCounts { Dispatched = 1, SignedInTime = i % 2 }), default)));
        var table = await site.App.Services.GetRequiredService<AppTables>().GetAsync(MetricMonth.TableName);
        var row = (await table.GetEntityAsync<MetricMonth>(unit.Key, MetricMonth.RowKeyFor(2026, 11))).Value;

        var days = row.DayCounts();
        Assert.Equal(30, days.Values.Sum(d => d.Dispatched));
        Assert.Equal(15, days.Values.Sum(d => d.SignedInTime));
        Assert.Equal([10, 10, 10], days.OrderBy(d => d.Key).Select(d => d.Value.Dispatched));
        Assert.Equal(30, row.Facts);
    }

    [Fact]
    public async Task ARequestSignedAt2359OnTheLastDayOfAMonthCountsInThatMonthAndItsRatingInTheNext()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.FromHours(8)));
        await using var site = await IntakeTestApp.StartAsync(time: time);
        await AuthorizationTests.CreateUserAsync(site.Admin, "chaolin1", "community_staff", site.CommunityId);
        using var worker = await ApiClient.SignedInAsync(site.App, "chaolin1", Password);
        using var resident = new ApiClient(site.App.Address);
        var signed = await site.SubmitAsync(resident, "楼道灯不亮", "朝林社区3号楼2单元楼道的灯坏了一个星期，晚上上下楼很危险");
        var unsigned = await site.SubmitAsync(resident, "垃圾桶满了没人清", "朝林社区东门的垃圾桶两天没有清运，气味很大");
        await site.WaitForTriageAsync(signed);
        await site.WaitForTriageAsync(unsigned);
        await ActAsync(site.Admin, signed, "dispatch", new { unitKind = "community", unitId = site.CommunityId });
        await ActAsync(site.Admin, unsigned, "dispatch", new { unitKind = "community", unitId = site.CommunityId });

        time.Advance(TimeSpan.FromMinutes(59)); // 23:59 on 31 October, local.
        await ActAsync(worker, signed, "sign", new { });
        time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(30)); // 02:29 on 1 November: the other one's sign deadline (01:00) has passed.
        await site.App.Services.GetRequiredService<LifecycleTimers>().SweepAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(8));
        await worker.SignInAsync("chaolin1", Password);
        await ActAsync(worker, signed, "reply", new { outcome = "resolved", text = "已更换灯泡。" });
        using (var rating = await resident.PostAsync($"/api/requests/{signed}/rating", new { resolved = false, satisfaction = "unsatisfied", comment = "灯还是不亮" }))
        {
            Assert.Equal(HttpStatusCode.OK, rating.StatusCode);
        }

        time.Advance(TimeSpan.FromDays(1)); // The morning of 2 November: "yesterday" is the 1st.
        await site.Admin.SignInAsync(IdentityTestApp.AdminName, IdentityTestApp.AdminPassword);
        await worker.SignInAsync("chaolin1", Password);
        await RunAsync(site.Admin, new { from = "2026-10-31", to = "2026-11-01" });
        var october = Line(await site.Admin.GetJsonAsync<JsonElement>("/api/rankings/community/month/2026-10"), site.CommunityId);
        var november = Line(await site.Admin.GetJsonAsync<JsonElement>("/api/rankings/community/month/2026-11"), site.CommunityId);
        var own = await worker.GetJsonAsync<JsonElement>("/api/staff/metrics?period=month&periodId=2026-11");
        var before = await RawAsync(site.Admin, "/api/rankings/community/month/2026-11");

        // The step's notices and counts are published again when its safety deadline fires (as after a crash): nothing changes.
        var request = await site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{signed}/handling");
        await site.App.Services.GetRequiredService<RequestHandling>().FireAsync(new DueTimer(RequestLifecycle.Name, signed, request.GetProperty("version").GetInt32(), RequestLifecycle.Notify, time.GetUtcNow()), CancellationToken.None);
        await RunAsync(site.Admin, new { from = "2026-10-31", to = "2026-11-01" });
        var after = await RawAsync(site.Admin, "/api/rankings/community/month/2026-11");

        AssertRate(october.GetProperty("response"), 1.0, 1, 1); // Signed at 23:59 on the 31st, in time.
        AssertRate(november.GetProperty("response"), 0.0, 0, 1); // Its deadline (01:00 on the 1st) passed unsigned.
        AssertRate(november.GetProperty("resolution"), 0.0, 0, 1);
        AssertRate(november.GetProperty("satisfaction"), 0.0, 0, 1);
        Assert.Equal(0, october.GetProperty("resolution").GetProperty("n").GetInt32());
        var drag = Assert.Single(own.GetProperty("drags").EnumerateArray());
        Assert.Equal(signed, drag.GetProperty("code").GetString());
        Assert.Equal("不满意", drag.GetProperty("satisfactionLabel").GetString());
        Assert.Equal(site.CommunityId, own.GetProperty("line").GetProperty("unitId").GetString());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task BadRequestsForRankingsGetAClearProblemAndOnlyTheDistrictMayRunTheJob()
    {
        await using var site = await IntakeTestApp.StartAsync(time: new ManualTimeProvider(Morning));
        await AuthorizationTests.CreateUserAsync(site.Admin, "chaolin1", "community_staff", site.CommunityId);
        using var worker = await ApiClient.SignedInAsync(site.App, "chaolin1", Password);
        using var anonymous = new ApiClient(site.App.Address);

        using var notComputed = await anonymous.GetAsync("/api/rankings/community/month/2026-11");
        using var badLevel = await anonymous.GetAsync("/api/rankings/planet/month/2026-11");
        using var badPeriod = await anonymous.GetAsync("/api/rankings/community/month/2026-13");
        using var badFormat = await anonymous.GetAsync("/api/rankings/community/month/2026-11/export?format=pdf");
        using var backwards = await site.Admin.PostAsync("/api/admin/rankings/run", new { from = "2026-11-10", to = "2026-11-01" });
        using var tooLong = await site.Admin.PostAsync("/api/admin/rankings/run", new { from = "2024-01-01", to = "2026-11-01" });
        using var future = await site.Admin.PostAsync("/api/admin/rankings/run", new { from = "2026-11-01", to = "2026-12-01" });
        using var notADate = await site.Admin.PostAsync("/api/admin/rankings/run", new { from = "1 Nov", to = "2026-11-01" });
        using var byCommunity = await worker.PostAsync("/api/admin/rankings/run", new { });
        using var otherUnit = await worker.GetAsync($"/api/staff/metrics?level=community&unitId={site.OtherCommunityId}");
        using var byAnonymous = await anonymous.PostAsync("/api/admin/rankings/run", new { });
        using var catalog = await anonymous.GetAsync("/api/rankings");

        Assert.Equal(HttpStatusCode.NotFound, notComputed.StatusCode);
        Assert.Equal("not_computed", (await ApiClient.ProblemAsync(notComputed)).GetProperty("code").GetString());
        Assert.Equal("unknown_level", (await ApiClient.ProblemAsync(badLevel)).GetProperty("code").GetString());
        Assert.Equal("unknown_period", (await ApiClient.ProblemAsync(badPeriod)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        foreach (var (response, field) in new[] { (backwards, "to"), (tooLong, "to"), (future, "to"), (notADate, "from") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await ApiClient.ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        Assert.Equal(HttpStatusCode.Forbidden, byCommunity.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherUnit.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        var rankings = await site.App.Services.GetRequiredService<AppTables>().GetAsync(RankingEntity.TableName);
        Assert.Empty(await rankings.QueryAsync<RankingEntity>().ToListAsync()); // Nothing was computed by the refused runs.
    }

    [Fact]
    public async Task ARankingExportsAsCsvAndXlsxWithTheSameNumbers()
    {
        await using var site = await IntakeTestApp.StartAsync(time: new ManualTimeProvider(Morning));
        var recorder = site.App.Services.GetRequiredService<MetricRecorder>();
        await recorder.RecordAsync(new MetricFact("a", Community(site.CommunityId, site.TownId), new DateOnly(2026, 11, 5), new MetricCounts { Dispatched = 4, SignedInTime = 3, Rated = 2, Resolved = 1, Satisfied = 1, Unsatisfied = 1 }), default);
        await RunAsync(site.Admin, new { });
        using var anonymous = new ApiClient(site.App.Address);

        using var csv = await anonymous.GetAsync("/api/rankings/community/month/2026-11/export?format=csv");
        using var xlsx = await anonymous.GetAsync("/api/rankings/community/month/2026-11/export");
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        var workbook = await xlsx.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("\uFEFF", text, StringComparison.Ordinal);
        Assert.Contains("朝林社区,亦庄镇,0.75,3,4,0.5,1,2,0.5,1,0,1", text, StringComparison.Ordinal);
        Assert.Equal(RankingExport.XlsxContentType, xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal("PK", Encoding.ASCII.GetString(workbook, 0, 2)); // A zip package; the browser test reads its cells back.
    }

    private static MetricSubject Community(string id, string townId) => new(RankingLevels.Community, id, id, townId);

    private static JsonElement Line(JsonElement ranking, string unitId) =>
        ranking.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("unitId").GetString() == unitId);

    private static void AssertRate(JsonElement rate, double value, int numerator, int n)
    {
        Assert.Equal(value, rate.GetProperty("rate").GetDouble(), 4);
        Assert.Equal(numerator, rate.GetProperty("numerator").GetInt32());
        Assert.Equal(n, rate.GetProperty("n").GetInt32());
    }

    private static async Task<JsonElement> RunAsync(ApiClient admin, object body)
    {
        using var response = await admin.PostAsync("/api/admin/rankings/run", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"run: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<string> RawAsync(ApiClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task ActAsync(ApiClient client, string code, string action, object body)
    {
        using var response = await client.PostAsync($"/api/staff/requests/{code}/actions/{action}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {text}");
    }
}
