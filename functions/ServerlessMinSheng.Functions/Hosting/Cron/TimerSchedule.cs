using NCrontab;

namespace ServerlessMinSheng.Functions.Hosting.Cron;

/// <summary>
/// A timer function's schedule: an NCRONTAB expression of six fields, seconds first
/// (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>), parsed and stepped by NCrontab, the
/// library the Azure Functions host uses, so a schedule fires at the same times here and there.
/// NCrontab knows only wall-clock times; this adds the time zone and its daylight-saving jumps.
/// </summary>
public sealed class TimerSchedule
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    private readonly CrontabSchedule _schedule;

    private TimerSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    public string Expression { get; }

    /// <exception cref="FormatException">The expression is not six valid fields, or names a day that never comes (30 February).</exception>
    public static TimerSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        CrontabSchedule schedule;
        try
        {
            schedule = CrontabSchedule.Parse(expression, SixFields);
        }
        catch (CrontabException ex)
        {
            throw new FormatException($"Schedule '{expression}' is not an NCRONTAB expression of six fields, seconds first (e.g. '0 */5 * * * *'): {ex.Message}", ex);
        }

        // NCrontab has no year field, so a schedule that never fires from the calendar's first day
        // never will: refuse it at startup rather than when the scheduler asks for its next run.
        if (schedule.GetNextOccurrence(DateTime.MinValue, DateTime.MaxValue) == DateTime.MaxValue)
        {
            throw new FormatException($"Schedule '{expression}' never fires: no month has that day (for example 30 February).");
        }

        return new TimerSchedule(expression, schedule);
    }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/>, the schedule read as wall-clock time
    /// in <paramref name="zone"/>. A time skipped by a daylight-saving jump does not happen; a time
    /// repeated when the clocks go back happens once, the first time.
    /// </summary>
    public DateTimeOffset GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        while (true)
        {
            local = _schedule.GetNextOccurrence(local, DateTime.MaxValue);
            if (local == DateTime.MaxValue)
            {
                throw new InvalidOperationException($"Schedule '{Expression}' has no occurrence after {after:O}.");
            }

            if (zone.IsInvalidTime(local))
            {
                continue;
            }

            var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
            var next = new DateTimeOffset(local, offset);
            if (next > after)
            {
                return next;
            }
        }
    }

    public override string ToString() => Expression;
}
