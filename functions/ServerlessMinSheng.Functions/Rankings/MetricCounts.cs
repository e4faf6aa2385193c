namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>
/// The counters kept per subject per day. Every rate is a ratio of two of them, so a period's rate is
/// the ratio of the period's sums — never an average of daily rates.
/// </summary>
public sealed record MetricCounts
{
    /// <summary>The order of the counters in a stored day array; append only, never reorder.</summary>
    public const int Width = 15;

    /// <summary>Dispatches whose sign-for outcome is settled: signed, or its sign deadline passed (响应率 denominator).</summary>
    public int Dispatched { get; init; }

    /// <summary>Dispatches signed for within the deadline (响应率 numerator).</summary>
    public int SignedInTime { get; init; }

    /// <summary>Requests the resident rated (解决率 and 满意率 denominator).</summary>
    public int Rated { get; init; }

    /// <summary>Rated "resolved" by the resident's word.</summary>
    public int Resolved { get; init; }

    /// <summary>满意.</summary>
    public int Satisfied { get; init; }

    /// <summary>基本满意.</summary>
    public int BasicallySatisfied { get; init; }

    /// <summary>不满意.</summary>
    public int Unsatisfied { get; init; }

    /// <summary>Sum of the residents' 1–5 scores of closed micro-projects.</summary>
    public int ScoreSum { get; init; }

    public int Scores { get; init; }

    /// <summary>Scores of 4 or 5.</summary>
    public int ScoresSatisfied { get; init; }

    /// <summary>Scores whose resident said the project helped.</summary>
    public int Helped { get; init; }

    /// <summary>Milestones done.</summary>
    public int Milestones { get; init; }

    /// <summary>Milestones done by their due date.</summary>
    public int MilestonesOnTime { get; init; }

    /// <summary>Published projects that came to an end: completed, or cancelled.</summary>
    public int ProjectsEnded { get; init; }

    public int ProjectsCompleted { get; init; }

    public static readonly MetricCounts Zero = new();

    public bool IsEmpty => ToArray().All(v => v == 0);

    public int[] ToArray() =>
    [
        Dispatched, SignedInTime, Rated, Resolved, Satisfied, BasicallySatisfied, Unsatisfied,
        ScoreSum, Scores, ScoresSatisfied, Helped, Milestones, MilestonesOnTime, ProjectsEnded, ProjectsCompleted,
    ];

    public static MetricCounts FromArray(IReadOnlyList<int> v)
    {
        int At(int i) => i < v.Count ? v[i] : 0;
        return new MetricCounts
        {
            Dispatched = At(0), SignedInTime = At(1), Rated = At(2), Resolved = At(3), Satisfied = At(4), BasicallySatisfied = At(5), Unsatisfied = At(6),
            ScoreSum = At(7), Scores = At(8), ScoresSatisfied = At(9), Helped = At(10), Milestones = At(11), MilestonesOnTime = At(12),
            ProjectsEnded = At(13), ProjectsCompleted = At(14),
        };
    }

    public static MetricCounts operator +(MetricCounts a, MetricCounts b)
    {
        var x = a.ToArray();
        var y = b.ToArray();
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += y[i];
        }

        return FromArray(x);
    }
}

/// <summary>A rate with its sample: numerator of n, and the lower bound that ranking uses.</summary>
public sealed record Rate(int Numerator, int N)
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z = 1.959963984540054;

    public double? Value => N == 0 ? null : (double)Numerator / N;

    /// <summary>
    /// The Wilson score interval's lower bound: the rate we are 97.5% sure the unit at least achieves.
    /// 3 of 3 gives 0.44, 95 of 100 gives 0.89, 0 samples give 0 — so a tiny sample cannot top the table.
    /// </summary>
    public double Lower
    {
        get
        {
            if (N == 0)
            {
                return 0;
            }

            var p = (double)Numerator / N;
            var z2 = Z * Z;
            var centre = p + (z2 / (2 * N));
            var margin = Z * Math.Sqrt((p * (1 - p) / N) + (z2 / (4.0 * N * N)));
            return Math.Max(0, (centre - margin) / (1 + (z2 / N)));
        }
    }
}
