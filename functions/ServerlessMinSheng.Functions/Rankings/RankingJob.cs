using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Projects;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>What one run did: the dates it covered, the rankings it wrote, and the storage calls it made.</summary>
public sealed record RankingRun(DateOnly From, DateOnly To, int Subjects, int Rankings, int Reads, int Writes, long ElapsedMs);

/// <summary>
/// The nightly job: reads the per-day aggregates (never a request), sums them over every period, ranks
/// each level and stores one entity per (level, period). For a range of dates it writes the day and
/// rolling-30-day rankings of each date and the month, quarter and year rankings those dates fall in,
/// counted up to the later of the range's end and yesterday. Running it twice writes the same entities.
/// </summary>
public sealed partial class RankingJob(
    AppTables tables,
    UnitRegistry registry,
    DeploymentTime deploymentTime,
    IOptions<RankingOptions> options,
    ILogger<RankingJob> logger)
{
    private RankingOptions Options => options.Value;

    /// <summary>Local yesterday: the last whole day.</summary>
    public DateOnly Yesterday => DateOnly.FromDateTime(deploymentTime.Local(deploymentTime.Now).DateTime).AddDays(-1);

    public async Task<RankingRun> RunAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (to < from)
        {
            throw new ArgumentException("The range ends before it starts.", nameof(to));
        }

        var clock = Stopwatch.StartNew();
        var limit = to > Yesterday ? to : Yesterday;
        var subjects = await SubjectsAsync(cancellationToken);
        var firstDay = new DateOnly(from.Year - 1, 1, 1);
        var lastDay = new DateOnly(limit.Year, limit.Month, 1).AddMonths(1).AddDays(-1);
        var reads = 0;
        var series = await LoadAsync(subjects, firstDay, lastDay, () => Interlocked.Increment(ref reads), cancellationToken);
        RollUpTowns(subjects, series);

        var spans = new Dictionary<string, PeriodSpan>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            foreach (var period in PeriodSpan.All)
            {
                var span = PeriodSpan.Of(period, day, limit);
                spans[$"{period}|{span.Id}"] = span;
            }
        }

        var rankings = await tables.GetAsync(RankingEntity.TableName, cancellationToken);
        var index = await tables.GetAsync(RankingIndexRow.TableName, cancellationToken);
        var weights = Options.Weights;
        var written = 0;
        var work = spans.Values.SelectMany(span => RankingLevels.All.Select(level => (span, level))).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Concurrency / 2), CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var (span, level) = item;
            var entity = Rank(level, span, subjects.Where(s => s.Level == level).ToList(), series, firstDay, weights);
            await rankings.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
            await index.UpsertEntityAsync(new RankingIndexRow { PartitionKey = level, RowKey = entity.RowKey, Period = span.Period, PeriodId = span.Id, To = entity.To, Lines = entity.Lines }, TableUpdateMode.Replace, ct);
            Interlocked.Add(ref written, 2);
        });

        var run = new RankingRun(from, to, subjects.Count, work.Count, reads, written, clock.ElapsedMilliseconds);
        LogRun(from, to, run.Subjects, run.Rankings, run.Reads, run.Writes, run.ElapsedMs);
        return run;
    }

    /// <summary>Ranks one level over one period (and its previous period, for the changes).</summary>
    public static RankingEntity Rank(string level, PeriodSpan span, IReadOnlyList<Subject> subjects, IReadOnlyDictionary<string, DaySeries> series, DateOnly firstDay, RankingWeights weights)
    {
        var previous = span.Previous();
        var current = subjects.Select(s => (Subject: s, Counts: Sum(series, s, span, firstDay))).ToList();
        var before = subjects.ToDictionary(s => s.Key, s => Sum(series, s, previous, firstDay));
        var ranks = Ranks(level, current.Select(c => (c.Subject, c.Counts)).ToList(), weights);
        var previousRanks = Ranks(level, subjects.Select(s => (s, before[s.Key])).ToList(), weights);
        var lines = current
            .Select(c => new StoredLine(c.Subject.Id, c.Subject.Name, c.Subject.ParentId, c.Subject.ParentName, ranks.GetValueOrDefault(c.Subject.Key), previousRanks.GetValueOrDefault(c.Subject.Key), c.Counts.ToArray(), before[c.Subject.Key].ToArray(), c.Subject.Recommendation))
            .OrderBy(l => l.Rank ?? int.MaxValue)
            .ThenBy(l => l.Name, StringComparer.Ordinal)
            .ThenBy(l => l.Id, StringComparer.Ordinal)
            .ToList();
        var entity = new RankingEntity
        {
            PartitionKey = level,
            RowKey = RankingEntity.RowKeyFor(span.Period, span.Id),
            Period = span.Period,
            PeriodId = span.Id,
            From = Date(span.From),
            To = Date(span.To),
            PreviousId = previous.Id,
            PreviousFrom = Date(previous.From),
            PreviousTo = Date(previous.To),
            Weights = string.Create(CultureInfo.InvariantCulture, $"{weights.Response},{weights.Resolution},{weights.Satisfaction}"),
        };
        entity.SetLines(lines);
        return entity;
    }

    /// <summary>
    /// Ranks by the adjusted score, highest first; equal adjusted scores share a rank (1, 1, 3). A subject
    /// with no data in the period is not ranked.
    /// </summary>
    public static Dictionary<string, int?> Ranks(string level, IReadOnlyList<(Subject Subject, MetricCounts Counts)> subjects, RankingWeights weights)
    {
        var scored = subjects
            .Where(s => RankingScore.HasData(level, s.Counts))
            .Select(s => (s.Subject.Key, Adjusted: RankingScore.Of(level, s.Counts).Adjusted(weights)))
            .OrderByDescending(s => s.Adjusted)
            .ToList();
        var ranks = new Dictionary<string, int?>();
        for (var i = 0; i < scored.Count; i++)
        {
            ranks[scored[i].Key] = i > 0 && scored[i].Adjusted == scored[i - 1].Adjusted ? ranks[scored[i - 1].Key] : i + 1;
        }

        return ranks;
    }

    /// <summary>Everything ranked: the registry's towns, communities, departments and social units, and the micro-projects past publication.</summary>
    public async Task<IReadOnlyList<Subject>> SubjectsAsync(CancellationToken cancellationToken)
    {
        var towns = await registry.ListAsync(UnitKind.Town, cancellationToken);
        var townNames = towns.ToDictionary(t => t.Id, t => t.Name);
        var subjects = new List<Subject>();
        subjects.AddRange(towns.Select(t => new Subject(RankingLevels.Town, t.Id, t.Name, null, null)));
        subjects.AddRange((await registry.ListAsync(UnitKind.Community, cancellationToken)).Select(c => new Subject(RankingLevels.Community, c.Id, c.Name, c.ParentId, c.ParentId is { } p ? townNames.GetValueOrDefault(p) : null)));
        subjects.AddRange((await registry.ListAsync(UnitKind.Department, cancellationToken)).Select(d => new Subject(RankingLevels.Department, d.Id, d.Name, null, null)));
        subjects.AddRange((await registry.ListAsync(UnitKind.SocialUnit, cancellationToken)).Select(s => new Subject(RankingLevels.Social, s.Id, s.Name, null, null)));
        var board = await tables.GetAsync(BoardRow.TableName, cancellationToken);
        await foreach (var project in board.QueryAsync<BoardRow>(TableClient.CreateQueryFilter($"PartitionKey eq {BoardRow.Partition}"), cancellationToken: cancellationToken))
        {
            if (project.State is "executing" or "completed" or "written_off" or "evaluating" or "closed" or "suspended" or "cancelled")
            {
                subjects.Add(new Subject(RankingLevels.Project, project.RowKey, project.Title, project.TownId, project.TownId is { } t ? townNames.GetValueOrDefault(t) : null, project.Recommendation));
            }
        }

        return subjects;
    }

    private async Task<Dictionary<string, DaySeries>> LoadAsync(IReadOnlyList<Subject> subjects, DateOnly firstDay, DateOnly lastDay, Action counted, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MetricMonth.TableName, cancellationToken);
        var months = new List<DateOnly>();
        for (var m = firstDay; m <= lastDay; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        var series = subjects.ToDictionary(s => s.Key, _ => new DaySeries(firstDay, lastDay));
        var reads = subjects.SelectMany(s => months.Select(m => (s, m))).ToList();
        await Parallel.ForEachAsync(reads, new ParallelOptions { MaxDegreeOfParallelism = Options.Concurrency, CancellationToken = cancellationToken }, async (read, ct) =>
        {
            var (subject, month) = read;
            counted();
            var row = await table.GetEntityOrDefaultAsync<MetricMonth>(subject.Key, MetricMonth.RowKeyFor(month.Year, month.Month), cancellationToken: ct);
            if (row is null)
            {
                return;
            }

            var target = series[subject.Key];
            lock (target)
            {
                foreach (var (day, counts) in row.DayCounts())
                {
                    target.Add(new DateOnly(month.Year, month.Month, day), counts);
                }
            }
        });
        return series;
    }

    /// <summary>A street/town answers for its whole area: its counts are its own plus its communities'.</summary>
    private static void RollUpTowns(IReadOnlyList<Subject> subjects, Dictionary<string, DaySeries> series)
    {
        foreach (var community in subjects.Where(s => s.Level == RankingLevels.Community && s.ParentId is not null))
        {
            if (series.TryGetValue($"{RankingLevels.Town}|{community.ParentId}", out var town))
            {
                town.AddAll(series[community.Key]);
            }
        }
    }

    private static MetricCounts Sum(IReadOnlyDictionary<string, DaySeries> series, Subject subject, PeriodSpan span, DateOnly firstDay) =>
        series.TryGetValue(subject.Key, out var s) ? s.Sum(span.From, span.To) : MetricCounts.Zero;

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rankings {From}..{To}: {Subjects} subjects, {Rankings} rankings, {Reads} reads, {Writes} writes in {ElapsedMs} ms")]
    private partial void LogRun(DateOnly from, DateOnly to, int subjects, int rankings, int reads, int writes, long elapsedMs);
}

/// <summary>A ranked subject; the key matches its aggregates' partition.</summary>
public sealed record Subject(string Level, string Id, string Name, string? ParentId, string? ParentName, string? Recommendation = null)
{
    public string Key => $"{Level}|{Id}";
}

/// <summary>A subject's counters day by day over the loaded range, with prefix sums for any period in O(1).</summary>
public sealed class DaySeries(DateOnly first, DateOnly last)
{
    private readonly int[,] _days = new int[last.DayNumber - first.DayNumber + 1, MetricCounts.Width];
    private int[,]? _prefix;

    public void Add(DateOnly day, MetricCounts counts)
    {
        if (day < first || day > last)
        {
            return;
        }

        var values = counts.ToArray();
        var i = day.DayNumber - first.DayNumber;
        for (var k = 0; k < MetricCounts.Width; k++)
        {
            _days[i, k] += values[k];
        }

        _prefix = null;
    }

    public void AddAll(DaySeries other)
    {
        for (var i = 0; i < _days.GetLength(0); i++)
        {
            for (var k = 0; k < MetricCounts.Width; k++)
            {
                _days[i, k] += other._days[i, k];
            }
        }

        _prefix = null;
    }

    public MetricCounts Sum(DateOnly from, DateOnly to)
    {
        var a = Math.Max(0, from.DayNumber - first.DayNumber);
        var b = Math.Min(_days.GetLength(0) - 1, to.DayNumber - first.DayNumber);
        if (b < a)
        {
            return MetricCounts.Zero;
        }

        var prefix = _prefix ??= BuildPrefix();
        var sums = new int[MetricCounts.Width];
        for (var k = 0; k < MetricCounts.Width; k++)
        {
            sums[k] = prefix[b + 1, k] - prefix[a, k];
        }

        return MetricCounts.FromArray(sums);
    }

    private int[,] BuildPrefix()
    {
        var n = _days.GetLength(0);
        var prefix = new int[n + 1, MetricCounts.Width];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < MetricCounts.Width; k++)
            {
                prefix[i + 1, k] = prefix[i, k] + _days[i, k];
            }
        }

        return prefix;
    }
}

/// <summary>Timer: every night (02:00 local by default, <c>Rankings:Schedule</c>) rank every level as of yesterday.</summary>
public sealed class NightlyRankings(RankingJob job) : ITimerFunction
{
    public const string DefaultSchedule = "0 0 2 * * *";

    public Task RunAsync(TimerContext timer, CancellationToken cancellationToken) => job.RunAsync(job.Yesterday, job.Yesterday, cancellationToken);
}
