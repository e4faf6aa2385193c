using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using ServerlessMinSheng.AppTesting;

namespace ServerlessMinSheng.Lifecycle.Benchmarks;

/// <summary>
/// Contention: many social units claim one published micro-project at the same moment through
/// <c>POST /api/projects/{id}/actions/claim</c>. Every claim is a step on the same project row (ETag
/// guarded), so all but one of the commits racing at any moment lose and are retried by the app; the
/// in-process app's storage calls show how many commits lost. A serial run on another project is the
/// uncontended baseline.
/// </summary>
internal sealed class ClaimBenchmark(LifecycleSite site, IReadOnlyList<int> claimantCounts)
{
    public async Task RunAsync()
    {
        Console.WriteLine("## 4b. Concurrent claims on one micro-project (in-process app, HTTP)");
        using var admin = await site.SignInAsync(LifecycleSite.AdminName, LifecycleSite.AdminPassword);
        var most = claimantCounts.Max();
        var clock = Stopwatch.StartNew();
        var units = new SiteClient[most];
        await Parallel.ForAsync(0, most, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var unit = await admin.CreateAsync("/api/admin/social-units", new { name = string.Create(CultureInfo.InvariantCulture, $"爱心企业{i:D3}"), category = "company" });
            var username = string.Create(CultureInfo.InvariantCulture, $"unit{i:D3}");
            await LifecycleSite.CreateUserAsync(admin, username, "social_unit", unit);
            units[i] = await site.SignInAsync(username, LifecycleSite.StaffPassword);
        });

        Console.WriteLine($"{most} social units with a signed-in user each, set up in {clock.Elapsed.TotalSeconds:0.0} s");
        try
        {
            var serial = await PublishedProjectAsync(admin, "serial");
            await ClaimAsync(serial, units.Take(Math.Min(20, most)).ToList(), concurrent: false);
            foreach (var n in claimantCounts)
            {
                await ClaimAsync(await PublishedProjectAsync(admin, $"{n} at once"), units.Take(n).ToList(), concurrent: true);
            }
        }
        finally
        {
            Array.ForEach(units, u => u.Dispose());
        }

        Console.WriteLine();
    }

    private async Task<string> PublishedProjectAsync(SiteClient admin, string label)
    {
        var id = await admin.CreateAsync("/api/projects", new
        {
            title = $"小区电动车充电桩（{label}）",
            description = "在朝林社区建设集中充电设施",
            theme = "宜居",
            communityIds = new[] { site.Communities[0].Id },
            budget = 80000,
            linkedRequests = Array.Empty<string>(),
        });
        foreach (var (action, body) in new (string, object)[] { ("open_deliberation", new { }), ("approve", new { }), ("publish", new { batch = "基准测试批次" }) })
        {
            await admin.PostOkAsync($"/api/projects/{id}/actions/{action}", body);
        }

        return id;
    }

    private async Task ClaimAsync(string id, List<SiteClient> claimants, bool concurrent)
    {
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var before = site.Traffic.Snapshot();
        var clock = Stopwatch.StartNew();
        async Task ClaimOneAsync(SiteClient unit)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await unit.PostJsonAsync($"/api/projects/{id}/actions/claim", new { pledgeKind = "service", text = "提供志愿服务" });
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
        }

        if (concurrent)
        {
            await Task.WhenAll(claimants.Select(ClaimOneAsync));
        }
        else
        {
            foreach (var unit in claimants)
            {
                await ClaimOneAsync(unit);
            }
        }

        var elapsed = clock.Elapsed;
        var traffic = site.Traffic.Snapshot() - before;
        using var reader = await site.SignInAsync(LifecycleSite.AdminName, LifecycleSite.AdminPassword);
        var project = await reader.GetJsonAsync($"/api/projects/{id}");
        var versions = project.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("version").GetInt32()).ToList();
        var claimEvents = project.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "claim");
        var gapless = versions.SequenceEqual(Enumerable.Range(1, versions.Count));
        var ok = statuses.GetValueOrDefault(HttpStatusCode.OK);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{claimants.Count} claims {(concurrent ? "at once" : "one after another")}: {elapsed.TotalSeconds:0.00} s, {ok} succeeded ({string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}×{s.Value}"))}); latency {Latency.Summary(latencies)}"));
        Console.WriteLine($"  commits that lost a race and were retried: {traffic.LostTransactions} ({traffic.LostTransactions / (double)Math.Max(1, ok):0.0} per claim); transactions in all: {traffic[CallKind.TableTransaction]}");
        Console.WriteLine("  " + traffic.Per(claimants.Count, "claim"));
        Console.WriteLine($"  project afterwards: {project.GetProperty("claims").GetArrayLength()} claims, {claimEvents} claim events, history versions 1..{versions.Count} {(gapless ? "each once" : "WITH GAPS OR REPEATS")}");
    }
}
