using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Rankings.Benchmarks;

/// <summary>
/// Phase 4: the same kind of year built the way production builds it — each rated request's two facts
/// (its sign-for outcome and its rating, made by <see cref="RequestMetrics.FactsFor"/> from a sign step
/// and a rate step) counted by <see cref="MetricRecorder.RecordAsync(MetricFact, CancellationToken)"/>.
/// Units are fed side by side, <c>parallelism</c> at a time, each unit's facts one after another (a
/// unit's month row is one entity, so two facts of one unit at once would only race for it).
/// </summary>
internal sealed class EventFeed(RankingSite site, CpuMeter cpu, int parallelism)
{
    /// <summary>Feeds <paramref name="requests"/> into emptied aggregate tables; returns what they should add up to.</summary>
    public async Task<DailyCounts> RunAsync(IReadOnlyList<RatedRequest> requests, DateOnly first, DateOnly last)
    {
        foreach (var name in new[] { MetricMonth.TableName, DragRow.TableName })
        {
            await site.Table(name).DeleteAsync(); // The directly written year goes; the app's cached table clients keep working once the table is back.
            await site.Table(name).CreateIfNotExistsAsync();
        }

        var zone = site.Services.GetRequiredService<DeploymentTime>().Zone;
        var facts = requests.SelectMany(r => FactsOf(r, site.Units[r.Unit], zone).Select(f => (r.Unit, Fact: f))).ToList();
        var byUnit = facts.GroupBy(f => f.Unit, f => f.Fact).OrderByDescending(g => g.Count()).ToList(); // The busiest units first, so none is left running alone at the end.
        var recorder = site.Services.GetRequiredService<MetricRecorder>();
        var done = 0;
        var counted = 0;
        var marks = new List<(double Seconds, int Done)>();
        var (traffic, cpuFrom, clock) = (site.Traffic.Snapshot(), cpu.Take(), Stopwatch.StartNew());
        await Parallel.ForEachAsync(byUnit, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (unit, ct) =>
        {
            foreach (var fact in unit)
            {
                if (await recorder.RecordAsync(fact, ct))
                {
                    Interlocked.Increment(ref counted);
                }

                if (Interlocked.Increment(ref done) % Math.Max(1, facts.Count / 10) == 0)
                {
                    lock (marks)
                    {
                        marks.Add((clock.Elapsed.TotalSeconds, done));
                    }
                }
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var used = site.Traffic.Snapshot() - traffic;
        var rate = facts.Count / seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Fed {requests.Count:N0} rated requests = {facts.Count:N0} facts ({counted:N0} counted) into {byUnit.Count} units in {seconds:0.0} s = {rate:0} facts/s = {rate / 2:0} requests/s, {parallelism} units at a time"));
        Console.WriteLine("  " + used.Per(facts.Count, "fact"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  storage operations per fact: {(used[CallKind.TableRead] + used[CallKind.TableWrite] + used[CallKind.TableTransaction]) / (double)facts.Count:0.00} (reads + writes + transactions)"));
        Console.WriteLine("  " + CpuMeter.Report(cpuFrom, cpu.Take()));
        Console.WriteLine("  facts/s in each tenth of the feed: " + string.Join(", ", marks.Zip(marks.Skip(1), (a, b) => ((b.Done - a.Done) / (b.Seconds - a.Seconds)).ToString("0", CultureInfo.InvariantCulture))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Azurite table data afterwards: {CpuMeter.AzuriteTableMegabytes(site.Azurite.Ports):0.0} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  at this rate 1,000,000 rated requests (2,000,000 facts) would take {2_000_000 / rate / 3600:0.0} h — a floor: Azurite's 5-second save of its whole database grows with every mark row"));
        Rate = rate;
        OpsPerFact = (used[CallKind.TableRead] + used[CallKind.TableWrite] + used[CallKind.TableTransaction]) / (double)facts.Count;
        await RedeliverAsync(recorder, facts.Take(Math.Max(100, facts.Count / 100)).Select(f => f.Fact).ToList());
        return DailyCounts.Of(requests, site.Units.Count, first, last);
    }

    public double Rate { get; private set; }

    public double OpsPerFact { get; private set; }

    /// <summary>Some facts again, as a redelivered step would bring them: none may count.</summary>
    private async Task RedeliverAsync(MetricRecorder recorder, List<MetricFact> again)
    {
        var (traffic, clock) = (site.Traffic.Snapshot(), Stopwatch.StartNew());
        var counted = 0;
        await Parallel.ForEachAsync(again.GroupBy(f => f.Subject.Key), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (unit, ct) =>
        {
            foreach (var fact in unit)
            {
                if (await recorder.RecordAsync(fact, ct))
                {
                    Interlocked.Increment(ref counted);
                }
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Redelivered {again.Count:N0} facts: {counted} counted again (expected 0) in {clock.Elapsed.TotalSeconds:0.0} s; {(site.Traffic.Snapshot() - traffic).Per(again.Count, "redelivered fact")}"));
    }

    /// <summary>A rated request's two steps (signed — late if after its 18:00 deadline — and rated at 15:00) and the facts RequestMetrics makes of them.</summary>
    private static IEnumerable<MetricFact> FactsOf(RatedRequest r, MetricSubject unit, TimeZoneInfo zone)
    {
        DateTimeOffset At(DateOnly day, int hour) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0)), zone);
        var request = new ResidentRequest
        {
            RowKey = r.Code,
            Title = "路灯不亮",
            RedactedTitle = "路灯不亮",
            TownId = unit.ParentId ?? string.Empty,
            AssignedUnitKind = unit.Level,
            AssignedUnitId = unit.Id,
            AssignedUnitName = unit.Name,
            SignDueAt = At(r.SignDay, 18),
            RatedResolved = r.Resolved,
            Satisfaction = r.Satisfaction,
        };
        var signed = new LifecycleEvent { Action = RequestLifecycle.Sign, At = r.InTime ? At(r.SignDay, 10) : At(r.SignDay.AddDays(1), 9), HeldBy = $"{unit.Level}|{unit.Id}", HeldByName = unit.Name };
        var rated = new LifecycleEvent { Action = RequestLifecycle.Rate, At = At(r.RatedDay, 15), HeldBy = signed.HeldBy, HeldByName = unit.Name };
        return [.. RequestMetrics.FactsFor(request, signed, zone), .. RequestMetrics.FactsFor(request, rated, zone)];
    }
}
