using System.Globalization;

namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>Composite weights (section <c>Rankings:Weights</c>); for social units and projects the same three weights apply to on-time milestones, "it helped" and satisfaction.</summary>
public sealed class RankingWeights
{
    public double Response { get; set; } = 0.30;

    public double Resolution { get; set; } = 0.35;

    public double Satisfaction { get; set; } = 0.35;

    public double Total => Response + Resolution + Satisfaction;
}

/// <summary>Settings of the ranking job (section <c>Rankings</c>).</summary>
public sealed class RankingOptions
{
    public RankingWeights Weights { get; set; } = new();

    /// <summary>Storage reads in flight at once while loading the aggregates.</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>The longest range one on-demand run or backfill may cover.</summary>
    public int MaxRangeDays { get; set; } = 400;
}

/// <summary>The levels ranked: responsible units (community, street/town, department), social units and micro-projects.</summary>
public static class RankingLevels
{
    public const string Community = "community";
    public const string Town = "town";
    public const string Department = "department";
    public const string Social = "social";
    public const string Project = "project";

    public static readonly string[] All = [Town, Community, Department, Social, Project];

    public static bool IsUnitLevel(string level) => level is Community or Town or Department;

    public static string Label(string level) => level switch
    {
        Community => "社区（村）",
        Town => "街道（乡镇）",
        Department => "职能部门",
        Social => "社会单位",
        Project => "民心微实事项目",
        _ => level,
    };
}

/// <summary>One ranked period: what it covers (local dates, inclusive) and the period it is compared with.</summary>
public sealed record PeriodSpan(string Period, string Id, DateOnly From, DateOnly To, DateOnly End)
{
    public const string Day = "day";
    public const string Rolling30 = "rolling30";
    public const string Month = "month";
    public const string Quarter = "quarter";
    public const string Year = "year";

    public static readonly string[] All = [Month, Quarter, Year, Rolling30, Day];

    /// <summary>The period of kind <paramref name="period"/> that holds <paramref name="day"/>, counted up to <paramref name="limit"/> at most.</summary>
    public static PeriodSpan Of(string period, DateOnly day, DateOnly limit)
    {
        var (from, end) = period switch
        {
            Day => (day, day),
            Rolling30 => (day.AddDays(-29), day),
            Month => (new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1)),
            Quarter => (new DateOnly(day.Year, (((day.Month - 1) / 3) * 3) + 1, 1), new DateOnly(day.Year, (((day.Month - 1) / 3) * 3) + 1, 1).AddMonths(3).AddDays(-1)),
            Year => (new DateOnly(day.Year, 1, 1), new DateOnly(day.Year, 12, 31)),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown period."),
        };
        var to = period is Day or Rolling30 ? end : (end < limit ? end : limit < from ? from : limit);
        return new PeriodSpan(period, IdOf(period, day), from, to, end);
    }

    /// <summary>Parses an id ("2026-11", "2026-Q4", "2026", or a date for day and rolling30) back into its period.</summary>
    public static bool TryParse(string period, string id, DateOnly limit, out PeriodSpan span)
    {
        span = null!;
        DateOnly day;
        switch (period)
        {
            case Day or Rolling30 when DateOnly.TryParseExact(id, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day):
            case Month when DateOnly.TryParseExact(id + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day):
                break;
            case Quarter when id.Length == 7 && id[4..6] == "-Q" && int.TryParse(id[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var qy) && id[6] is >= '1' and <= '4' && qy is >= 2000 and <= 2999:
                day = new DateOnly(qy, ((id[6] - '1') * 3) + 1, 1);
                break;
            case Year when id.Length == 4 && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2999:
                day = new DateOnly(y, 1, 1);
                break;
            default:
                return false;
        }

        span = Of(period, day, limit);
        return span.Id == id;
    }

    public static string IdOf(string period, DateOnly day) => period switch
    {
        Day or Rolling30 => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Month => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        Quarter => $"{day.Year:D4}-Q{((day.Month - 1) / 3) + 1}",
        Year => day.Year.ToString("D4", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown period."),
    };

    /// <summary>The whole period before this one (for rolling30, the 30 days before its window).</summary>
    public PeriodSpan Previous() => Period switch
    {
        Rolling30 => Of(Rolling30, From.AddDays(-1), DateOnly.MaxValue),
        _ => Of(Period, From.AddDays(-1), DateOnly.MaxValue),
    };

    public bool IsPartial => To < End;

    public string Label => Period switch
    {
        Day => $"{From.Year}年{From.Month}月{From.Day}日",
        Rolling30 => $"近30天（{From.Month}月{From.Day}日—{To.Month}月{To.Day}日）",
        Month => $"{From.Year}年{From.Month}月",
        Quarter => $"{From.Year}年第{((From.Month - 1) / 3) + 1}季度",
        Year => $"{From.Year}年",
        _ => Id,
    } + (IsPartial ? $"（截至{To.Month}月{To.Day}日）" : string.Empty);

    public static string PeriodLabel(string period) => period switch
    {
        Day => "日",
        Rolling30 => "近30天",
        Month => "月度",
        Quarter => "季度",
        Year => "年度",
        _ => period,
    };
}
