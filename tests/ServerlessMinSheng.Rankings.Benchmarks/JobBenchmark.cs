using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace ServerlessMinSheng.Rankings.Benchmarks;

/// <summary>What one timed job run did, as the job reports it and as the storage meter saw it.</summary>
internal sealed record TimedRun(string Label, double Seconds, RankingRun Run, StorageTraffic.Counts Traffic, string Cpu, CheckResult? Check);

/// <summary>
/// Phases 2 and 3: a year of aggregates written directly as month rows, then the nightly job over them
/// (several times) and a 30-day backfill, each timed, its storage calls counted and its output checked
/// against the generated counts.
/// </summary>
internal sealed class JobBenchmark(RankingSite site, CpuMeter cpu, int parallelism)
{
    /// <summary>Local yesterday by the app's clock: the day the nightly job ranks.</summary>
    public DateOnly Yesterday => Job.Yesterday;

    private RankingJob Job => site.Services.GetRequiredService<RankingJob>();

    /// <summary>Writes every unit's month rows with <see cref="MetricRecorder.PutMonthAsync"/>, <c>parallelism</c> at a time.</summary>
    public async Task LoadDirectAsync(DailyCounts counts)
    {
        var recorder = site.Services.GetRequiredService<MetricRecorder>();
        var rows = site.Units.SelectMany((unit, i) => counts.Months(i).Select(m => (unit, m.Year, m.Month, m.Days))).ToList();
        var (traffic, cpuFrom, clock) = (site.Traffic.Snapshot(), cpu.Take(), Stopwatch.StartNew());
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (row, ct) =>
            await recorder.PutMonthAsync(row.unit, row.Year, row.Month, row.Days, ct));
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {rows.Count:N0} month rows ({counts.Requests:N0} rated requests' counts, {rows.Sum(r => r.Days.Count):N0} unit-days) in {seconds:0.0} s = {rows.Count / seconds:0} rows/s, {parallelism} at a time"));
        Console.WriteLine("  " + (site.Traffic.Snapshot() - traffic).Per(rows.Count, "month row"));
        Console.WriteLine("  " + CpuMeter.Report(cpuFrom, cpu.Take()));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Azurite table data: {CpuMeter.AzuriteTableMegabytes(site.Azurite.Ports):0.0} MB"));
    }

    /// <summary>The nightly job for yesterday, <paramref name="runs"/> times; the first run's output is checked (the later ones must write the same).</summary>
    public async Task<IReadOnlyList<TimedRun>> RunNightlyAsync(int runs, DailyCounts expected)
    {
        var yesterday = Job.Yesterday;
        var results = new List<TimedRun>();
        for (var i = 1; i <= runs; i++)
        {
            results.Add(await TimeAsync($"nightly run {i} ({yesterday:yyyy-MM-dd})", yesterday, yesterday, expected));
        }

        return results;
    }

    /// <summary>A district admin's backfill of the last <paramref name="days"/> days.</summary>
    public Task<TimedRun> RunBackfillAsync(int days, DailyCounts expected)
    {
        var yesterday = Job.Yesterday;
        return TimeAsync($"backfill of {days} days ({yesterday.AddDays(1 - days):yyyy-MM-dd}..{yesterday:yyyy-MM-dd})", yesterday.AddDays(1 - days), yesterday, expected);
    }

    /// <summary>
    /// The nightly job once at each of <paramref name="concurrencies"/> reads in flight (the setting
    /// <c>Rankings:Concurrency</c>, changed in place between runs), the list twice so that a change in
    /// the machine's load hits every value alike.
    /// </summary>
    public async Task RunAtConcurrenciesAsync(IReadOnlyList<int> concurrencies, DailyCounts expected)
    {
        var options = site.Services.GetRequiredService<IOptions<RankingOptions>>().Value;
        var original = options.Concurrency;
        var seconds = concurrencies.ToDictionary(c => c, _ => new List<double>());
        for (var round = 1; round <= 2; round++)
        {
            foreach (var concurrency in concurrencies)
            {
                options.Concurrency = concurrency;
                seconds[concurrency].Add((await TimeAsync($"nightly run, {concurrency} reads in flight (round {round})", Yesterday, Yesterday, expected)).Seconds);
            }
        }

        options.Concurrency = original;
        Console.WriteLine("   Reads in flight → nightly run: " + string.Join("; ", seconds.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}: {string.Join(" / ", s.Value.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))} s"))));
    }

    public async Task<TimedRun> TimeAsync(string label, DateOnly from, DateOnly to, DailyCounts expected)
    {
        var (traffic, cpuFrom, clock) = (site.Traffic.Snapshot(), cpu.Take(), Stopwatch.StartNew());
        var run = await Job.RunAsync(from, to, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        var (used, cpuText) = (site.Traffic.Snapshot() - traffic, CpuMeter.Report(cpuFrom, cpu.Take()));
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays);
        var check = await new RankingCheck(site, expected, Job.Yesterday).VerifyAsync(days);
        var result = new TimedRun(label, seconds, run, used, cpuText, check);
        Print(result);
        return result;
    }

    public static void Print(TimedRun r)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Label}: {r.Seconds:0.00} s wall (job's own clock {r.Run.ElapsedMs / 1000.0:0.00} s){(r.Seconds <= 30 ? string.Empty : "  — OVER 30 s")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  RankingRun: {r.Run.Subjects} subjects, {r.Run.Rankings} rankings, {r.Run.Reads:N0} reads, {r.Run.Writes:N0} writes"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  storage meter: {r.Traffic[CallKind.TableRead]:N0} table reads, {r.Traffic[CallKind.TableWrite]:N0} table writes, {r.Traffic[CallKind.QueueOther] + r.Traffic[CallKind.QueueSend]:N0} queue calls (the trigger runtime's polls)"));
        Console.WriteLine("  " + r.Traffic.Per(1, "run"));
        Console.WriteLine("  " + r.Cpu);
        if (r.Check is { } check)
        {
            Console.WriteLine("  check: " + check.Summary);
        }
    }
}
