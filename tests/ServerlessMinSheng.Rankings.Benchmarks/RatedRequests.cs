namespace ServerlessMinSheng.Rankings.Benchmarks;

/// <summary>
/// One rated request: its unit (index into the unit list), its sign-for outcome (settled on
/// <see cref="SignDay"/>, in time or not) and the resident's rating on <see cref="RatedDay"/>.
/// </summary>
internal readonly record struct RatedRequest(int Unit, int Number, DateOnly SignDay, bool InTime, DateOnly RatedDay, bool Resolved, string Satisfaction)
{
    public string Code => $"BM{Number:D8}";
}

/// <summary>How busy and how good a unit is: its share of the requests and its three underlying rates.</summary>
internal sealed record UnitProfile(double Weight, double Response, double Resolution, double Satisfaction);

/// <summary>
/// A deterministic, seeded stream of rated requests over a window of days. Each unit gets a size
/// (log-normal; a department about twice a community, a town's own office about 1.5×) and its own
/// rates drawn from the ranges Beijing's hotline units report: response 85–99%, resolution 60–95%,
/// satisfaction (满意 or 基本满意) 70–98%, of which about 70% 满意. Weekdays carry more requests than
/// weekends, with a mild seasonal swing. A request is signed for 0–3 days before it is rated (never
/// before the window opens), so its dispatch and its rating can fall in different months.
/// </summary>
internal sealed class RequestGenerator
{
    private static readonly int[] SignLag = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3];
    private readonly int _seed;
    private readonly double[] _unitCumulative;
    private readonly double[] _dayCumulative;

    public RequestGenerator(IReadOnlyList<MetricSubject> units, DateOnly first, DateOnly last, int seed)
    {
        _seed = seed;
        First = first;
        Last = last;
        var random = new Random(seed);
        Profiles = units.Select(u => new UnitProfile(
            Math.Exp(Normal(random) * 0.6) * u.Level switch { RankingLevels.Department => 2.0, RankingLevels.Town => 1.5, _ => 1.0 },
            Between(random, 0.85, 0.99),
            Between(random, 0.60, 0.95),
            Between(random, 0.70, 0.98))).ToList();
        _unitCumulative = Cumulative(Profiles.Select(p => p.Weight));
        _dayCumulative = Cumulative(Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(i =>
        {
            var day = first.AddDays(i);
            var weekday = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.6 : 1.0;
            return weekday * (1 + (0.2 * Math.Sin(2 * Math.PI * (day.DayOfYear - 100) / 365.0)));
        }));
    }

    public DateOnly First { get; }

    public DateOnly Last { get; }

    public IReadOnlyList<UnitProfile> Profiles { get; }

    /// <summary>The first <paramref name="count"/> requests of the stream; the same every time for the same seed.</summary>
    public IEnumerable<RatedRequest> Generate(int count)
    {
        var random = new Random(_seed + 1);
        for (var n = 0; n < count; n++)
        {
            var unit = Pick(_unitCumulative, random.NextDouble());
            var profile = Profiles[unit];
            var rated = First.AddDays(Pick(_dayCumulative, random.NextDouble()));
            var signed = rated.AddDays(-SignLag[random.Next(SignLag.Length)]);
            var s = random.NextDouble();
            var satisfaction = s < profile.Satisfaction * 0.7 ? "satisfied" : s < profile.Satisfaction ? "basically_satisfied" : "unsatisfied";
            yield return new RatedRequest(
                unit,
                n,
                signed < First ? First : signed,
                random.NextDouble() < profile.Response,
                rated,
                random.NextDouble() < profile.Resolution,
                satisfaction);
        }
    }

    private static double Between(Random random, double low, double high) => low + (random.NextDouble() * (high - low));

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var sums = new List<double>();
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
            sums.Add(total);
        }

        return sums.Select(s => s / total).ToArray();
    }

    private static int Pick(double[] cumulative, double u)
    {
        var i = Array.BinarySearch(cumulative, u);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }
}
