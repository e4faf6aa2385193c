using ServerlessMinSheng.Analyzer;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>
/// What a request's step counts towards its unit's three rates.
/// <list type="bullet">
/// <item>响应率: a dispatch counts once its sign-for outcome is settled — when the unit signs (in time if
/// by the deadline), or when the deadline passes unsigned (late). A late outcome counts on the deadline's
/// day, an in-time one on the signing day: a request signed at 23:59 on the last day of a month belongs
/// to that month. A dispatch the unit returns before its deadline is not counted (it was not theirs).</item>
/// <item>解决率 and 满意率: counted on the day the resident rates, against the unit that replied.</item>
/// </list>
/// </summary>
public static class RequestMetrics
{
    public static IReadOnlyList<MetricFact> FactsFor(ResidentRequest request, LifecycleEvent step, TimeZoneInfo zone)
    {
        if (UnitOf(request, step) is not { } unit)
        {
            return [];
        }

        switch (step.Action)
        {
            case RequestLifecycle.Sign when request.SignDueAt is { } due:
            {
                var inTime = step.At <= due;
                return [Response(request, unit, inTime ? step.At : due, inTime, zone)];
            }

            case RequestLifecycle.EscalateSign when step.FromState == "dispatched" && request.SignDueAt is { } due:
                return [Response(request, unit, due, inTime: false, zone)];

            case RequestLifecycle.Rate when request.RatedResolved is { } resolved && request.Satisfaction is { } satisfaction:
            {
                var counts = new MetricCounts
                {
                    Rated = 1,
                    Resolved = resolved ? 1 : 0,
                    Satisfied = satisfaction == "satisfied" ? 1 : 0,
                    BasicallySatisfied = satisfaction == "basically_satisfied" ? 1 : 0,
                    Unsatisfied = satisfaction == "unsatisfied" ? 1 : 0,
                };
                var drag = !resolved || satisfaction == "unsatisfied"
                    ? new MetricDrag(request.Code, request.RedactedTitle ?? TextAnalyzer.Redact(request.Title).Text, step.At, resolved, satisfaction, request.RatingComment is { } c ? TextAnalyzer.Redact(c).Text : null)
                    : null;
                return [new MetricFact($"rating|{request.Code}", unit, LocalDay(step.At, zone), counts, drag)];
            }

            default:
                return [];
        }
    }

    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    private static MetricFact Response(ResidentRequest request, MetricSubject unit, DateTimeOffset at, bool inTime, TimeZoneInfo zone) =>
        new($"response|{request.Code}|{request.Returns}", unit, LocalDay(at, zone), new MetricCounts { Dispatched = 1, SignedInTime = inTime ? 1 : 0 });

    /// <summary>The unit the step counts against: as recorded on the step, else the request's current unit.</summary>
    private static MetricSubject? UnitOf(ResidentRequest request, LifecycleEvent step)
    {
        var key = step.HeldBy ?? (request.AssignedUnitKind is { } kind && request.AssignedUnitId is { } id ? $"{kind}|{id}" : null);
        if (key?.Split('|') is not [var level, var unitId])
        {
            return null;
        }

        var name = step.HeldByName ?? request.AssignedUnitName ?? unitId;
        return new MetricSubject(level, unitId, name, level == "community" ? request.TownId : null);
    }
}
