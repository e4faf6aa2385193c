using System.Globalization;
using ServerlessMinSheng.Functions.Projects;

namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>A rate as the pages show it: the share, the sample behind it, its lower bound, and the change since the previous period.</summary>
public sealed record RateView(double? Rate, int Numerator, int N, double Lower, double? Change)
{
    public static RateView Of(Rate current, Rate previous) =>
        new(Round(current.Value), current.Numerator, current.N, Math.Round(current.Lower, 4), current.Value is { } a && previous.Value is { } b ? Math.Round(a - b, 4) : null);

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 4) : null;
}

/// <summary>
/// One line of a ranking. Responsible units fill <c>Response</c>, <c>Resolution</c> and <c>Satisfaction</c>;
/// social units and projects fill <c>OnTime</c>, <c>Helped</c>, <c>Satisfaction</c> (scores of 4–5),
/// <c>AverageScore</c> and <c>Completion</c>. <c>RankChange</c> is positive when the unit moved up.
/// </summary>
public sealed record RankingLineView(
    int? Rank,
    int? PreviousRank,
    int? RankChange,
    string UnitId,
    string UnitName,
    string? ParentId,
    string? ParentName,
    double? Score,
    double AdjustedScore,
    double? ScoreChange,
    RateView? Response,
    RateView? Resolution,
    RateView Satisfaction,
    int Satisfied,
    int BasicallySatisfied,
    int Unsatisfied,
    RateView? OnTime,
    RateView? Helped,
    RateView? Completion,
    double? AverageScore,
    int Scores,
    string? Recommendation,
    string? RecommendationLabel);

public sealed record RankingWeightsView(double Response, double Resolution, double Satisfaction);

/// <summary>A whole ranking for one level and period.</summary>
public sealed record RankingView(
    string Level,
    string LevelLabel,
    string Period,
    string PeriodLabel,
    string PeriodId,
    string Label,
    string From,
    string To,
    bool Partial,
    string PreviousId,
    string PreviousLabel,
    RankingWeightsView Weights,
    string Method,
    int Ranked,
    int WithoutData,
    IReadOnlyList<RankingLineView> Lines);

public static class RankingViews
{
    public const string Method = "按加权“威尔逊下限”排名：每个比率取 95% 置信区间下限（样本越少下限越低，无数据计 0），再按权重加权；相同得分并列。综合得分为有数据的比率的加权平均。";

    public static RankingView ViewOf(RankingEntity entity)
    {
        var weights = ParseWeights(entity.Weights);
        var level = entity.PartitionKey;
        var from = DateOnly.ParseExact(entity.From, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var span = PeriodSpan.Of(entity.Period, from, DateOnly.ParseExact(entity.To, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        var previous = PeriodSpan.Of(entity.Period, DateOnly.ParseExact(entity.PreviousFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateOnly.MaxValue);
        var lines = entity.GetLines().Select(l => LineOf(level, l, weights)).ToList();
        return new RankingView(
            level, RankingLevels.Label(level), entity.Period, PeriodSpan.PeriodLabel(entity.Period), entity.PeriodId, span.Label, entity.From, entity.To, span.IsPartial,
            entity.PreviousId, previous.Label, new RankingWeightsView(weights.Response, weights.Resolution, weights.Satisfaction), Method,
            lines.Count(l => l.Rank is not null), lines.Count(l => l.Rank is null), lines);
    }

    public static RankingLineView LineOf(string level, StoredLine line, RankingWeights weights)
    {
        var c = MetricCounts.FromArray(line.Counts);
        var p = MetricCounts.FromArray(line.PreviousCounts);
        var now = RankingScore.Of(level, c);
        var before = RankingScore.Of(level, p);
        var units = RankingLevels.IsUnitLevel(level);
        var score = now.Composite(weights);
        var previousScore = before.Composite(weights);
        return new RankingLineView(
            line.Rank,
            line.PreviousRank,
            line.Rank is { } r && line.PreviousRank is { } pr ? pr - r : null,
            line.Id,
            line.Name,
            line.ParentId,
            line.ParentName,
            score,
            now.Adjusted(weights),
            score is { } s && previousScore is { } ps ? Math.Round(s - ps, 4) : null,
            units ? RateView.Of(now.First, before.First) : null,
            units ? RateView.Of(now.Second, before.Second) : null,
            RateView.Of(now.Third, before.Third),
            c.Satisfied,
            c.BasicallySatisfied,
            c.Unsatisfied,
            units ? null : RateView.Of(now.First, before.First),
            units ? null : RateView.Of(now.Second, before.Second),
            units ? null : RateView.Of(new Rate(c.ProjectsCompleted, c.ProjectsEnded), new Rate(p.ProjectsCompleted, p.ProjectsEnded)),
            units || c.Scores == 0 ? null : Math.Round((double)c.ScoreSum / c.Scores, 2),
            c.Scores,
            line.Recommendation,
            line.Recommendation is null ? null : ProjectService.RecommendationLabel(line.Recommendation));
    }

    public static RankingWeights ParseWeights(string stored)
    {
        var parts = stored.Split(',').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return parts.Length == 3 ? new RankingWeights { Response = parts[0], Resolution = parts[1], Satisfaction = parts[2] } : new RankingWeights();
    }
}
