using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using ServerlessMinSheng.AppTesting;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Lifecycle.Benchmarks;

/// <summary>
/// Phases 1–3: the sweep with nothing due as the index and the history grow, sweeps that find k due,
/// seeding <c>count</c> dispatched requests, and all their sign deadlines falling due at once (twice:
/// level 1 sets the district's deadline, level 2 sets none), each checked afterwards.
/// </summary>
internal sealed class SweepBenchmark(LifecycleSite site, CpuMeter cpu, int count, int parallelism)
{
    private static readonly int[] DueCounts = [1, 10, 100, 1000];
    private readonly RequestSeeder _seeder = new(site);
    private readonly List<string> _idleRows = [];
    private readonly List<string> _dueRows = [];
    private int _fired;
    private string? _sample;

    private LifecycleTimers Timers => site.Services.GetRequiredService<LifecycleTimers>();

    /// <summary>Past the sign deadline (and past the district's, which is as long again after it).</summary>
    private TimeSpan PastDeadline => TimeSpan.FromTicks(Math.Max(
        site.Services.GetRequiredService<IOptions<HandlingOptions>>().Value.SignWithin.Ticks,
        site.Services.GetRequiredService<IOptions<HandlingOptions>>().Value.SupervisionAfter.Ticks)) + TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<Seeded>> RunAsync()
    {
        Console.WriteLine("## Sweep with nothing due, and sweeps that find k due");
        for (var i = 0; i < 10; i++)
        {
            await Timers.SweepAsync(CancellationToken.None); // Warm-up: creates the index table, JIT.
        }

        await IdleSweepsAsync();
        foreach (var k in DueCounts.Where(k => k <= count))
        {
            await DueSweepsAsync(k, repetitions: k <= 10 ? 5 : 1);
        }

        await IdleSweepsAsync();
        Console.WriteLine();

        Console.WriteLine($"## 1. {count:N0} live requests with pending sign deadlines");
        var seeded = await SeedAsync();
        Console.WriteLine();

        Console.WriteLine($"## 3. {count:N0} timers falling due at once");
        await AllDueAsync(seeded, level: 1);
        await IdleSweepsAsync();
        await AllDueAsync(seeded, level: 2);
        await IdleSweepsAsync();
        Console.WriteLine();

        Console.WriteLine("## 2. Sweep cost with nothing due, by index size and history (median of 30 sweeps)");
        Console.WriteLine("| pending deadlines | deadlines fired and deleted so far | p50 | p95 | max | table queries per sweep | one request's history read (p50) | Azurite table data MB |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        _idleRows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("## 2b. Sweeps that find k due (each timer: read, escalate, next deadline, delete)");
        Console.WriteLine("| k due | level | sweeps | p50 sweep time | per timer | timers/s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        _dueRows.ForEach(Console.WriteLine);
        Console.WriteLine();
        return seeded;
    }

    private async Task IdleSweepsAsync()
    {
        var pending = await site.Services.GetRequiredService<DeadlineIndex>().CountAsync(CancellationToken.None);
        var before = site.Traffic.Snapshot();
        var times = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var clock = Stopwatch.StartNew();
            var fired = await Timers.SweepAsync(CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (fired != 0)
            {
                throw new InvalidOperationException($"A sweep with nothing due fired {fired}.");
            }
        }

        var reads = (site.Traffic.Snapshot() - before)[CallKind.TableRead] / 30.0;
        var history = await HistoryReadsAsync();
        var megabytes = CpuMeter.AzuriteTableMegabytes(site.Azurite.Ports);
        var sorted = times.Order().ToList();
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {pending:N0} | {_fired:N0} | {Latency.Format(Latency.Percentile(sorted, 0.5))} | {Latency.Format(Latency.Percentile(sorted, 0.95))} | {Latency.Format(sorted[^1])} | {reads:0.#} | {history} | {megabytes:0.0} |");
        _idleRows.Add(row);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Nothing due, {pending:N0} pending, {_fired:N0} fired so far: {Latency.Summary(times)}; one request's history read: {history}; Azurite table data {megabytes:0.0} MB"));
    }

    /// <summary>
    /// For comparison with the sweep's reads: the history of one request (a range in its own partition, what
    /// the staff page and every HTTP step's answer read), median of 10.
    /// </summary>
    private async Task<string> HistoryReadsAsync()
    {
        if (_sample is null)
        {
            return "-";
        }

        var handling = site.Services.GetRequiredService<RequestHandling>();
        var request = await site.Services.GetRequiredService<RequestStore>().FindAsync(_sample, CancellationToken.None);
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            await handling.HistoryAsync(request!, CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Latency.Format(Latency.Percentile(times.Order().ToList(), 0.5));
    }

    private async Task DueSweepsAsync(int k, int repetitions)
    {
        var times = new[] { new List<double>(), new List<double>() };
        for (var r = 0; r < repetitions; r++)
        {
            var requests = await _seeder.TriagedAsync(k);
            _sample ??= requests[0].Code;
            await _seeder.DispatchAsync(requests, parallelism);
            for (var level = 1; level <= 2; level++)
            {
                site.Time.Advance(PastDeadline);
                var clock = Stopwatch.StartNew();
                var fired = await Timers.SweepAsync(CancellationToken.None);
                times[level - 1].Add(clock.Elapsed.TotalMilliseconds);
                _fired += fired;
                if (fired != k)
                {
                    throw new InvalidOperationException($"A sweep with {k} due fired {fired}.");
                }
            }
        }

        for (var level = 1; level <= 2; level++)
        {
            var sorted = times[level - 1].Order().ToList();
            var median = Latency.Percentile(sorted, 0.5);
            _dueRows.Add(string.Create(CultureInfo.InvariantCulture, $"| {k:N0} | {level} | {repetitions} | {Latency.Format(median)} | {Latency.Format(median / k)} | {k / (median / 1000):N0} |"));
            Console.WriteLine($"{k:N0} due (level {level}), {repetitions} sweeps: {Latency.Summary(times[level - 1])}");
        }
    }

    private async Task<IReadOnlyList<Seeded>> SeedAsync()
    {
        var clock = Stopwatch.StartNew();
        var seeded = await _seeder.TriagedAsync(count);
        var written = clock.Elapsed;
        Console.WriteLine($"{count:N0} triaged requests written through RequestStore.AddNewAsync (100 per transaction): {written.TotalSeconds:0.0} s");

        // The first 1,000, a pause to time the sweep at that index size, then the rest.
        var first = Math.Min(1000, count);
        var (firstTime, firstTraffic, firstCpu) = await DispatchTimedAsync(seeded.Take(first));
        await IdleSweepsAsync();
        var (restTime, restTraffic, restCpu) = await DispatchTimedAsync(seeded.Skip(first));
        var dispatching = firstTime + restTime;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} dispatched through RequestHandling.ApplyAsync as the district admin, {parallelism} at a time: {dispatching.TotalSeconds:0.0} s = {count / dispatching.TotalSeconds:0} dispatches/s"));
        Console.WriteLine("  " + (firstTraffic + restTraffic).Per(count, "dispatch"));
        Console.WriteLine("  " + (count > first ? restCpu : firstCpu) + (count > first ? $" (the last {count - first:N0}; " : " (") + "the app runs in the benchmark process)");
        Console.WriteLine($"  Seeding in all (rows + dispatch): {(written + dispatching).TotalSeconds:0.0} s; timer messages now waiting in the queue: {await site.TimerMessagesAsync():N0}");
        await IdleSweepsAsync();
        return seeded;
    }

    private async Task<(TimeSpan Time, StorageTraffic.Counts Traffic, string Cpu)> DispatchTimedAsync(IEnumerable<Seeded> requests)
    {
        var cpuFrom = cpu.Take();
        var trafficFrom = site.Traffic.Snapshot();
        var clock = Stopwatch.StartNew();
        await _seeder.DispatchAsync(requests, parallelism);
        var elapsed = clock.Elapsed;
        return (elapsed, site.Traffic.Snapshot() - trafficFrom, CpuMeter.Report(cpuFrom, cpu.Take()));
    }

    private async Task AllDueAsync(IReadOnlyList<Seeded> seeded, int level)
    {
        site.Time.Advance(PastDeadline);
        var cpuFrom = cpu.Take();
        var trafficFrom = site.Traffic.Snapshot();
        var clock = Stopwatch.StartNew();
        var sweeps = new List<int>();
        var elapsed = TimeSpan.Zero;
        while (true)
        {
            var fired = await Timers.SweepAsync(CancellationToken.None);
            if (fired == 0)
            {
                break;
            }

            sweeps.Add(fired);
            elapsed = clock.Elapsed;
        }

        var cpuTo = cpu.Take();
        var total = sweeps.Sum();
        _fired += total;
        var what = level == 1 ? "escalate to the town, set the district's deadline" : "escalate to the district, no further deadline";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Level {level} ({what}): {total:N0} timers fired in {elapsed.TotalSeconds:0.0} s = {total / elapsed.TotalSeconds:0} timers/s, by {sweeps.Count} SweepAsync call(s) ({string.Join(" + ", sweeps)})"));
        Console.WriteLine("  " + (site.Traffic.Snapshot() - trafficFrom).Per(total, "timer"));
        Console.WriteLine("  " + CpuMeter.Report(cpuFrom, cpuTo));
        var waiting = await site.TimerMessagesAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Timer messages waiting in the queue afterwards (hidden, due hours from now in real time): {waiting:N0}; Azurite table data {CpuMeter.AzuriteTableMegabytes(site.Azurite.Ports):0.0} MB"));
        var problems = await EscalationCheck.ProblemsAsync(site, seeded, level);
        Console.WriteLine($"  Check: {problems.Count} problems among {seeded.Count:N0} requests (each escalated exactly {level}×, history events, index rows, inbox rows){(problems.Count == 0 ? string.Empty : ": " + string.Join("; ", problems.Take(5)))}");
    }
}
