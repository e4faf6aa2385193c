using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Rankings.Benchmarks;

/// <summary>
/// Where a nightly run's time goes: the job's steps done one at a time with the job's own public
/// pieces — listing the subjects, the month-row point reads (as many in flight as the job allows, and
/// a sample one at a time), turning each row's day JSON into counters, and ranking every level and
/// period in memory (the towns' roll-up, a few array additions, left out). Storing the 25 rankings is
/// the run's writes, timed by the storage meter.
/// </summary>
internal sealed class JobProfile(RankingSite site)
{
    public async Task RunAsync()
    {
        var job = site.Services.GetRequiredService<RankingJob>();
        var options = site.Services.GetRequiredService<IOptions<RankingOptions>>().Value;
        var table = await site.Services.GetRequiredService<AppTables>().GetAsync(MetricMonth.TableName);
        var limit = job.Yesterday;
        var firstDay = new DateOnly(limit.Year - 1, 1, 1);
        var lastDay = new DateOnly(limit.Year, limit.Month, 1).AddMonths(1).AddDays(-1);
        var months = Enumerable.Range(0, ((lastDay.Year - firstDay.Year) * 12) + lastDay.Month - firstDay.Month + 1).Select(firstDay.AddMonths).ToList();

        var clock = Stopwatch.StartNew();
        var subjects = await job.SubjectsAsync(CancellationToken.None);
        var listing = clock.Elapsed.TotalSeconds;

        var reads = subjects.SelectMany(s => months.Select(m => (Subject: s, Month: m))).ToList();
        var rows = new ConcurrentBag<(Subject Subject, DateOnly Month, MetricMonth Row)>();
        clock.Restart();
        await Parallel.ForEachAsync(reads, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (read, ct) =>
        {
            if (await table.GetEntityOrDefaultAsync<MetricMonth>(read.Subject.Key, MetricMonth.RowKeyFor(read.Month.Year, read.Month.Month), cancellationToken: ct) is { } row)
            {
                rows.Add((read.Subject, read.Month, row));
            }
        });
        var reading = clock.Elapsed.TotalSeconds;

        var sample = Enumerable.Range(0, subjects.Count).Select(i => reads[(i * months.Count) + (i % months.Count)]).ToList(); // Each subject once, the months in turn.
        clock.Restart();
        foreach (var read in sample)
        {
            await table.GetEntityOrDefaultAsync<MetricMonth>(read.Subject.Key, MetricMonth.RowKeyFor(read.Month.Year, read.Month.Month));
        }

        var oneAtATime = clock.Elapsed.TotalMilliseconds / sample.Count;

        clock.Restart();
        var series = subjects.ToDictionary(s => s.Key, _ => new DaySeries(firstDay, lastDay));
        foreach (var (subject, month, row) in rows)
        {
            foreach (var (day, counts) in row.DayCounts())
            {
                series[subject.Key].Add(new DateOnly(month.Year, month.Month, day), counts);
            }
        }

        var parsing = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var spans = PeriodSpan.All.Select(p => PeriodSpan.Of(p, limit, limit)).ToList();
        var lines = 0;
        foreach (var level in RankingLevels.All)
        {
            foreach (var span in spans)
            {
                lines += RankingJob.Rank(level, span, subjects.Where(s => s.Level == level).ToList(), series, firstDay, options.Weights).Lines;
            }
        }

        var ranking = clock.Elapsed.TotalSeconds;
        var dayJson = rows.Average(r => r.Row.Days.Length);
        Console.WriteLine("Where a nightly run's time goes (the job's steps one after another, same data):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  list {subjects.Count} subjects (4 registry queries, 1 board query): {listing:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {reads.Count:N0} month-row point reads, {options.Concurrency} in flight: {reading:0.00} s = {reads.Count / reading:0} reads/s; {rows.Count:N0} found, {reads.Count - rows.Count:N0} not found (months before the data begins)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the same reads one at a time (a sample of {sample.Count}, found and not found alike): {oneAtATime:0.0} ms each, i.e. {oneAtATime * reads.Count / 1000:0.0} s for all of them"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  parse each row's day JSON (mean {dayJson:0} characters) into day series: {parsing:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  rank {RankingLevels.All.Length} levels × {spans.Count} periods with their previous periods ({lines:N0} lines) in memory: {ranking:0.00} s"));
    }
}
