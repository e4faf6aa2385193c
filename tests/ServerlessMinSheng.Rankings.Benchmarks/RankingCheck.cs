using ServerlessMinSheng.Functions.Storage;
using System.Globalization;

namespace ServerlessMinSheng.Rankings.Benchmarks;

/// <summary>What a check of stored rankings found.</summary>
internal sealed record CheckResult(int Rankings, int Lines, IReadOnlyList<string> Problems, long[] YearCounts, long[] PreviousYearCounts)
{
    public bool Passed => Problems.Count == 0;

    public string Summary => Passed
        ? $"{Rankings} rankings, {Lines:N0} lines: every period's range and every line's counts (and its previous period's) match the generated data"
        : $"{Rankings} rankings, {Lines:N0} lines: {Problems.Count} PROBLEMS, first: {string.Join("; ", Problems.Take(5))}";
}

/// <summary>
/// Reads stored rankings (outside the app's traffic counter) and checks each against the counts the
/// benchmark generated: the period's dates, one line per registered unit, and each line's counts for
/// the period and the previous period — a town's being its own plus its communities'.
/// </summary>
internal sealed class RankingCheck(RankingSite site, DailyCounts expected, DateOnly limit)
{
    private static readonly string[] Levels = [RankingLevels.Town, RankingLevels.Community, RankingLevels.Department];

    /// <summary>Checks every period of each of <paramref name="days"/> (as a run over those days writes them) at every unit level.</summary>
    public async Task<CheckResult> VerifyAsync(IEnumerable<DateOnly> days)
    {
        var table = site.Table(RankingEntity.TableName);
        var units = site.Units.Select((u, i) => (u, i)).ToDictionary(x => x.u.Key, x => x.i);
        var spans = days.SelectMany(d => PeriodSpan.All.Select(p => PeriodSpan.Of(p, d, limit))).DistinctBy(s => (s.Period, s.Id)).ToList();
        var yesterdayYear = PeriodSpan.Of(PeriodSpan.Year, limit, limit).Id;
        var problems = new List<string>();
        var year = new long[MetricCounts.Width];
        var previousYear = new long[MetricCounts.Width];
        var rankings = 0;
        var lines = 0;
        foreach (var level in Levels)
        {
            var ofLevel = site.Units.Where(u => u.Level == level).ToList();
            foreach (var span in spans)
            {
                var where = $"{level} {span.Period} {span.Id}";
                var entity = await table.GetEntityOrDefaultAsync<RankingEntity>(level, RankingEntity.RowKeyFor(span.Period, span.Id));
                if (entity is null)
                {
                    problems.Add($"{where}: not stored");
                    continue;
                }

                rankings++;
                var previous = span.Previous();
                if ((entity.From, entity.To, entity.PreviousFrom, entity.PreviousTo) != (Date(span.From), Date(span.To), Date(previous.From), Date(previous.To)))
                {
                    problems.Add($"{where}: covers {entity.From}..{entity.To} (previous {entity.PreviousFrom}..{entity.PreviousTo}), expected {Date(span.From)}..{Date(span.To)}");
                }

                var stored = entity.GetLines();
                if (stored.Count != ofLevel.Count || stored.Select(l => l.Id).Except(ofLevel.Select(u => u.Id)).Any())
                {
                    problems.Add($"{where}: {stored.Count} lines for {ofLevel.Count} units");
                }

                foreach (var line in stored)
                {
                    lines++;
                    var unit = units.GetValueOrDefault($"{level}|{line.Id}", -1);
                    var counts = unit < 0 ? null : Expected(unit, span.From, span.To);
                    var previousCounts = unit < 0 ? null : Expected(unit, previous.From, previous.To);
                    if (counts is null || !line.Counts.SequenceEqual(counts) || !line.PreviousCounts.SequenceEqual(previousCounts!))
                    {
                        problems.Add($"{where} {line.Name}: counts [{string.Join(',', line.Counts)}] / previous [{string.Join(',', line.PreviousCounts)}], expected [{string.Join(',', counts ?? [])}] / [{string.Join(',', previousCounts ?? [])}]");
                    }

                    if (span.Period == PeriodSpan.Year && span.Id == yesterdayYear && level != RankingLevels.Community)
                    {
                        Add(year, line.Counts);
                        Add(previousYear, line.PreviousCounts);
                    }
                }
            }
        }

        return new CheckResult(rankings, lines, problems, year, previousYear);
    }

    /// <summary>The counts a unit's line should hold: its own, and for a town its communities' too.</summary>
    private int[] Expected(int unit, DateOnly from, DateOnly to)
    {
        var subject = site.Units[unit];
        var sums = expected.Sum(unit, from, to);
        if (subject.Level == RankingLevels.Town)
        {
            for (var i = 0; i < site.Units.Count; i++)
            {
                if (site.Units[i].Level == RankingLevels.Community && site.Units[i].ParentId == subject.Id)
                {
                    var child = expected.Sum(i, from, to);
                    for (var k = 0; k < sums.Length; k++)
                    {
                        sums[k] += child[k];
                    }
                }
            }
        }

        return sums;
    }

    private static void Add(long[] total, int[] counts)
    {
        for (var k = 0; k < Math.Min(total.Length, counts.Length); k++)
        {
            total[k] += counts[k];
        }
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
