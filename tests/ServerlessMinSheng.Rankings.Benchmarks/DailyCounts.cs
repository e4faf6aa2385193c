namespace ServerlessMinSheng.Rankings.Benchmarks;

/// <summary>
/// What a set of rated requests adds to each unit's counters, day by day, computed in memory: the
/// benchmark's expected answer. A request counts as RequestMetrics counts it — a dispatch (signed in
/// time or not) on its sign day, a rating (resolved? 满意 / 基本满意 / 不满意) on its rating day.
/// </summary>
internal sealed class DailyCounts(int units, DateOnly first, DateOnly last)
{
    private readonly int _days = last.DayNumber - first.DayNumber + 1;
    private readonly int[] _counts = new int[units * (last.DayNumber - first.DayNumber + 1) * MetricCounts.Width];

    public int Requests { get; private set; }

    public static DailyCounts Of(IEnumerable<RatedRequest> requests, int units, DateOnly first, DateOnly last)
    {
        var counts = new DailyCounts(units, first, last);
        foreach (var request in requests)
        {
            counts.Add(request);
        }

        return counts;
    }

    public void Add(RatedRequest r)
    {
        var sign = Offset(r.Unit, r.SignDay);
        _counts[sign + 0]++; // Dispatched
        _counts[sign + 1] += r.InTime ? 1 : 0;
        var rate = Offset(r.Unit, r.RatedDay);
        _counts[rate + 2]++; // Rated
        _counts[rate + 3] += r.Resolved ? 1 : 0;
        _counts[rate + r.Satisfaction switch { "satisfied" => 4, "basically_satisfied" => 5, _ => 6 }]++;
        Requests++;
    }

    /// <summary>A unit's counters summed over the days from <paramref name="from"/> to <paramref name="to"/> that lie in the window.</summary>
    public int[] Sum(int unit, DateOnly from, DateOnly to)
    {
        var sums = new int[MetricCounts.Width];
        var a = Math.Max(from.DayNumber, first.DayNumber) - first.DayNumber;
        var b = Math.Min(to.DayNumber, last.DayNumber) - first.DayNumber;
        for (var d = a; d <= b; d++)
        {
            var at = ((unit * _days) + d) * MetricCounts.Width;
            for (var k = 0; k < MetricCounts.Width; k++)
            {
                sums[k] += _counts[at + k];
            }
        }

        return sums;
    }

    /// <summary>One counter summed over every unit and day.</summary>
    public long Total(int counter)
    {
        long total = 0;
        for (var i = counter; i < _counts.Length; i += MetricCounts.Width)
        {
            total += _counts[i];
        }

        return total;
    }

    /// <summary>A unit's month rows as <see cref="MetricRecorder.PutMonthAsync"/> takes them: the days with anything counted.</summary>
    public IEnumerable<(int Year, int Month, Dictionary<int, MetricCounts> Days)> Months(int unit)
    {
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
        {
            var days = new Dictionary<int, MetricCounts>();
            for (var day = month; day.Month == month.Month; day = day.AddDays(1))
            {
                if (day >= first && day <= last && Sum(unit, day, day) is var counts && counts.Any(c => c != 0))
                {
                    days[day.Day] = MetricCounts.FromArray(counts);
                }
            }

            if (days.Count > 0)
            {
                yield return (month.Year, month.Month, days);
            }
        }
    }

    private int Offset(int unit, DateOnly day) => ((unit * _days) + (day.DayNumber - first.DayNumber)) * MetricCounts.Width;
}
