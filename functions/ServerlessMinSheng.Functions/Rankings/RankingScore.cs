namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>
/// The three rates of a subject and the scores built from them. Responsible units: 响应率 (signed in
/// time / dispatches settled), 解决率 (rated resolved / rated), 满意率 (满意 + 基本满意 / rated). Social units
/// and projects: on-time milestones, "it helped" and satisfied scores (4–5) take the three places.
/// The composite is the weighted mean of the rates a subject has data for; the ranking orders by the
/// weighted mean of the rates' Wilson lower bounds, which a missing rate enters as 0.
/// </summary>
public sealed record RankingScore(Rate First, Rate Second, Rate Third)
{
    public static RankingScore Of(string level, MetricCounts c) => RankingLevels.IsUnitLevel(level)
        ? new RankingScore(new Rate(c.SignedInTime, c.Dispatched), new Rate(c.Resolved, c.Rated), new Rate(c.Satisfied + c.BasicallySatisfied, c.Rated))
        : new RankingScore(new Rate(c.MilestonesOnTime, c.Milestones), new Rate(c.Helped, c.Scores), new Rate(c.ScoresSatisfied, c.Scores));

    public static bool HasData(string level, MetricCounts c) => RankingLevels.IsUnitLevel(level)
        ? c.Dispatched > 0 || c.Rated > 0
        : c.Milestones > 0 || c.Scores > 0 || c.ProjectsEnded > 0;

    /// <summary>The weighted mean of the rates with data, or null when none has any.</summary>
    public double? Composite(RankingWeights w)
    {
        var parts = new[] { (First, w.Response), (Second, w.Resolution), (Third, w.Satisfaction) }.Where(p => p.Item1.N > 0 && p.Item2 > 0).ToList();
        var weight = parts.Sum(p => p.Item2);
        return weight == 0 ? null : Math.Round(parts.Sum(p => p.Item1.Value!.Value * p.Item2) / weight, 6);
    }

    /// <summary>What the ranking orders by: the weighted mean of the Wilson lower bounds.</summary>
    public double Adjusted(RankingWeights w) =>
        Math.Round(((First.Lower * w.Response) + (Second.Lower * w.Resolution) + (Third.Lower * w.Satisfaction)) / w.Total, 6);
}
