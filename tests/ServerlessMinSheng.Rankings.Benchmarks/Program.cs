using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.Rankings.Benchmarks;

// Usage: dotnet run -c Release --project tests/ServerlessMinSheng.Rankings.Benchmarks [-- --requests 1000000]
//          [--events 20000] [--runs 3] [--backfill-days 30] [--parallel 16] [--event-parallel 16]
//          [--job-concurrency 4,16,64] [--seed 2026] [--only direct|events]
// Starts its own Azurite (disk mode, three processes) and the app in this process on a clock fixed at
// 02:00 local on 2026-11-21; registers 20 towns × 18 communities + 20 departments = 400 units.
var only = ArgValue("--only");
if (only is not (null or "direct" or "events"))
{
    Console.Error.WriteLine("--only takes direct or events");
    return 2;
}

var requests = Int("--requests", 1_000_000);
var events = Int("--events", 20_000);
var runs = Int("--runs", 3);
var backfillDays = Int("--backfill-days", 30);
var parallelism = Int("--parallel", 16);
var eventParallelism = Int("--event-parallel", 16);
var seed = Int("--seed", 2026);
var concurrencies = ArgValue("--job-concurrency")?.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList() ?? [];

MachineInfo.PrintHeader("ServerlessMinSheng.Rankings.Benchmarks", args);
var total = Stopwatch.StartNew();
await using var site = await RankingSite.StartAsync();
var cpu = CpuMeter.Find("benchmark process (app)", site.Azurite.Ports);
Console.WriteLine($"Azurite and the in-process app started in {total.Elapsed.TotalSeconds:0.0} s; the app's clock: {RankingSite.Now:yyyy-MM-dd HH:mm zzz}");

var clock = Stopwatch.StartNew();
await site.RegisterUnitsAsync(towns: 20, communitiesPerTown: 18, departments: 20);
Console.WriteLine($"1. Registered {site.Units.Count} units ({string.Join(", ", site.Units.GroupBy(u => u.Level).Select(g => $"{g.Count()} {g.Key}"))}) through UnitRegistry in {clock.Elapsed.TotalSeconds:0.0} s");

var job = new JobBenchmark(site, cpu, parallelism);
var last = job.Yesterday;
var first = last.AddDays(-364);
var generator = new RequestGenerator(site.Units, first, last, seed);
Console.WriteLine($"   The year: {first:yyyy-MM-dd}..{last:yyyy-MM-dd} (365 days, ending yesterday by the app's clock); seed {seed}");
Console.WriteLine();

if (only is null or "direct")
{
    clock.Restart();
    var expected = DailyCounts.Of(generator.Generate(requests), site.Units.Count, first, last);
    Console.WriteLine($"2. Generated {requests:N0} rated requests in memory in {clock.Elapsed.TotalSeconds:0.0} s: dispatched {expected.Total(0):N0} (signed in time {expected.Total(1):N0}), rated {expected.Total(2):N0} (resolved {expected.Total(3):N0}, 满意 {expected.Total(4):N0}, 基本满意 {expected.Total(5):N0}, 不满意 {expected.Total(6):N0})");
    await job.LoadDirectAsync(expected);
    Console.WriteLine();
    Console.WriteLine("3. The nightly job over the directly written year");
    var nightly = await job.RunNightlyAsync(runs, expected);
    var year = nightly[0].Check!;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   Year ranking {last.Year} (towns with their communities + departments): dispatched {year.YearCounts[0]:N0}, rated {year.YearCounts[2]:N0}; its previous period {last.Year - 1}: dispatched {year.PreviousYearCounts[0]:N0}, rated {year.PreviousYearCounts[2]:N0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   Together: dispatched {year.YearCounts[0] + year.PreviousYearCounts[0]:N0} (generated {expected.Total(0):N0}), rated {year.YearCounts[2] + year.PreviousYearCounts[2]:N0} (generated {expected.Total(2):N0}) — {(year.YearCounts[0] + year.PreviousYearCounts[0] == expected.Total(0) && year.YearCounts[2] + year.PreviousYearCounts[2] == expected.Total(2) ? "equal" : "DIFFERENT")}"));
    await job.RunBackfillAsync(backfillDays, expected);
    await new JobProfile(site).RunAsync();
    if (concurrencies.Count > 0)
    {
        await job.RunAtConcurrenciesAsync(concurrencies, expected);
    }

    Console.WriteLine();
    Console.WriteLine("Summary (direct): nightly runs " + string.Join(", ", nightly.Select(r => r.Seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s")) + $" — {(nightly.All(r => r.Seconds <= 30) ? "all within" : "NOT all within")} 30 s");
    Console.WriteLine();
}

if (only is null or "events")
{
    var feed = new EventFeed(site, cpu, eventParallelism);
    Console.WriteLine($"4. Through events: {events:N0} rated requests of the same stream, counted fact by fact");
    var expected = await feed.RunAsync(generator.Generate(events).ToList(), first, last);
    var run = await job.TimeAsync($"nightly run over the event-built aggregates ({last:yyyy-MM-dd})", last, last, expected);
    var year = run.Check!;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   Year ranking {last.Year} + its previous period: dispatched {year.YearCounts[0] + year.PreviousYearCounts[0]:N0}, rated {year.YearCounts[2] + year.PreviousYearCounts[2]:N0}; fed {events:N0} rated requests — {(year.YearCounts[2] + year.PreviousYearCounts[2] == events && year.YearCounts[0] + year.PreviousYearCounts[0] == events ? "equal" : "DIFFERENT")}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Summary (events): {feed.Rate:0} facts/s, {feed.OpsPerFact:0.00} storage operations per fact, 1,000,000 requests ≈ {2_000_000 / feed.Rate / 3600:0.0} h at that rate"));
    Console.WriteLine();
}

Console.WriteLine($"Load average at end: {MachineInfo.LoadAverage()}; whole run {total.Elapsed.TotalMinutes:0.0} min");
return 0;

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int Int(string name, int fallback) => ArgValue(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
