using ServerlessMinSheng.Functions.Rankings;

namespace ServerlessMinSheng.Functions.Tests.Rankings;

/// <summary>The formulas, hand-computed: rates, the Wilson lower bound, the composite, ranks, periods.</summary>
public class RankingFormulaTests
{
    private static readonly RankingWeights Default = new();

    [Theory]
    [InlineData(0, 0, 0.0)]
    [InlineData(3, 3, 0.4385)] // (1 + z²/6 − z·√(z²/36)) / (1 + z²/3) with z = 1.96
    [InlineData(95, 100, 0.8882)]
    [InlineData(0, 10, 0.0)]
    [InlineData(5, 10, 0.2366)]
    public void TheWilsonLowerBoundMatchesTheHandComputedValue(int numerator, int n, double expected) =>
        Assert.Equal(expected, new Rate(numerator, n).Lower, 4);

    [Fact]
    public void TheThreeRatesOfAUnitAreRatiosOfItsCounts()
    {
        var counts = new MetricCounts { Dispatched = 20, SignedInTime = 18, Rated = 10, Resolved = 8, Satisfied = 6, BasicallySatisfied = 3, Unsatisfied = 1 };

        var score = RankingScore.Of(RankingLevels.Community, counts);

        Assert.Equal(0.9, score.First.Value);
        Assert.Equal(0.8, score.Second.Value);
        Assert.Equal(0.9, score.Third.Value);
        Assert.Equal((0.30 * 0.9) + (0.35 * 0.8) + (0.35 * 0.9), score.Composite(Default)!.Value, 6); // 0.865
    }

    [Fact]
    public void TheCompositeOfAUnitWithoutRatingsWeighsOnlyWhatItHasButItsAdjustedScoreCountsTheMissingRatesAsZero()
    {
        var score = RankingScore.Of(RankingLevels.Department, new MetricCounts { Dispatched = 10, SignedInTime = 10 });

        Assert.Equal(1.0, score.Composite(Default));
        Assert.Equal(Math.Round(0.30 * new Rate(10, 10).Lower, 6), score.Adjusted(Default));
    }

    [Fact]
    public void CustomWeightsChangeTheComposite()
    {
        var weights = new RankingWeights { Response = 0, Resolution = 1, Satisfaction = 1 };
        var score = RankingScore.Of(RankingLevels.Town, new MetricCounts { Dispatched = 4, SignedInTime = 0, Rated = 4, Resolved = 4, Satisfied = 2 });

        Assert.Equal(0.75, score.Composite(weights)); // (1 + 0.5) / 2, response ignored
    }

    [Fact]
    public void ProjectsAndSocialUnitsAreScoredOnOnTimeMilestonesHelpedAndSatisfiedScores()
    {
        var counts = new MetricCounts { Milestones = 4, MilestonesOnTime = 3, Scores = 10, ScoreSum = 42, ScoresSatisfied = 8, Helped = 9 };

        var score = RankingScore.Of(RankingLevels.Social, counts);

        Assert.Equal(0.75, score.First.Value);
        Assert.Equal(0.9, score.Second.Value);
        Assert.Equal(0.8, score.Third.Value);
    }

    [Fact]
    public void ASmallPerfectSampleDoesNotOutrankALargeNearlyPerfectOne()
    {
        var small = Subject("small");
        var large = Subject("large");

        var ranks = RankingJob.Ranks(RankingLevels.Community, [(small, Perfect(2)), (large, new MetricCounts { Dispatched = 100, SignedInTime = 95, Rated = 100, Resolved = 95, Satisfied = 95 })], Default);

        Assert.Equal(1, ranks[large.Key]);
        Assert.Equal(2, ranks[small.Key]);
    }

    [Fact]
    public void EqualScoresShareARankAndTheNextRankSkipsAndAUnitWithoutDataIsNotRanked()
    {
        var a = Subject("a");
        var b = Subject("b");
        var c = Subject("c");
        var empty = Subject("empty");

        var ranks = RankingJob.Ranks(RankingLevels.Community, [(a, Perfect(10)), (b, Perfect(10)), (c, Perfect(5)), (empty, MetricCounts.Zero)], Default);

        Assert.Equal(1, ranks[a.Key]);
        Assert.Equal(1, ranks[b.Key]);
        Assert.Equal(3, ranks[c.Key]);
        Assert.False(ranks.ContainsKey(empty.Key));
    }

    [Fact]
    public void AMonthToDateRunsFromTheFirstToTheLimitAndComparesWithTheWholePreviousMonth()
    {
        var span = PeriodSpan.Of(PeriodSpan.Month, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20));
        var previous = span.Previous();

        Assert.Equal(("2026-11", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 20)), (span.Id, span.From, span.To));
        Assert.True(span.IsPartial);
        Assert.Equal("2026年11月（截至11月20日）", span.Label);
        Assert.Equal(("2026-10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), (previous.Id, previous.From, previous.To));
    }

    [Theory]
    [InlineData(PeriodSpan.Day, "2026-03-01", "2026-03-01", "2026-03-01", "2026-02-28")]
    [InlineData(PeriodSpan.Rolling30, "2026-03-01", "2026-01-31", "2026-03-01", "2026-01-30")]
    [InlineData(PeriodSpan.Quarter, "2026-Q1", "2026-01-01", "2026-03-31", "2025-12-31")]
    [InlineData(PeriodSpan.Year, "2026", "2026-01-01", "2026-12-31", "2025-12-31")]
    [InlineData(PeriodSpan.Month, "2024-02", "2024-02-01", "2024-02-29", "2024-01-31")]
    public void EachPeriodCoversItsLocalDatesAndItsPreviousPeriodEndsTheDayBefore(string period, string id, string from, string to, string previousTo)
    {
        Assert.True(PeriodSpan.TryParse(period, id, DateOnly.MaxValue, out var span));

        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), span.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), span.To);
        Assert.Equal(DateOnly.Parse(previousTo, System.Globalization.CultureInfo.InvariantCulture), span.Previous().To);
        var lengthDifference = (span.To.DayNumber - span.From.DayNumber) - (span.Previous().To.DayNumber - span.Previous().From.DayNumber);
        Assert.InRange(lengthDifference, period is PeriodSpan.Day or PeriodSpan.Rolling30 ? 0 : -3, period is PeriodSpan.Day or PeriodSpan.Rolling30 ? 0 : 3);
    }

    [Theory]
    [InlineData(PeriodSpan.Month, "2026-13")]
    [InlineData(PeriodSpan.Month, "2026-1")]
    [InlineData(PeriodSpan.Quarter, "2026-Q5")]
    [InlineData(PeriodSpan.Year, "26")]
    [InlineData(PeriodSpan.Day, "2026-02-30")]
    [InlineData("week", "2026-W01")]
    public void AnIdThatIsNotAPeriodIsRefused(string period, string id) =>
        Assert.False(PeriodSpan.TryParse(period, id, DateOnly.MaxValue, out _));

    [Fact]
    public void ADaySeriesSumsAnyRangeAndIgnoresDaysOutsideIt()
    {
        var series = new DaySeries(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31));
        series.Add(new DateOnly(2026, 1, 1), new MetricCounts { Rated = 1 });
        series.Add(new DateOnly(2026, 1, 15), new MetricCounts { Rated = 2 });
        series.Add(new DateOnly(2026, 1, 31), new MetricCounts { Rated = 4 });
        series.Add(new DateOnly(2026, 2, 1), new MetricCounts { Rated = 8 });

        Assert.Equal(7, series.Sum(new DateOnly(2025, 12, 1), new DateOnly(2026, 3, 1)).Rated);
        Assert.Equal(2, series.Sum(new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 30)).Rated);
        Assert.Equal(0, series.Sum(new DateOnly(2026, 1, 16), new DateOnly(2026, 1, 14)).Rated);
    }

    private static Subject Subject(string id) => new(RankingLevels.Community, id, id, null, null);

    private static MetricCounts Perfect(int n) => new() { Dispatched = n, SignedInTime = n, Rated = n, Resolved = n, Satisfied = n };
}
