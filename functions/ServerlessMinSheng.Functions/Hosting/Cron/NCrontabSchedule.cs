namespace ServerlessMinSheng.Functions.Hosting.Cron;

/// <summary>
/// An NCRONTAB expression as Azure Functions timer triggers use it: six fields, seconds first
/// (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>). Fields take <c>*</c>, numbers, ranges
/// <c>a-b</c>, steps <c>*/n</c> and <c>a-b/n</c>, lists <c>a,b</c>, and month and weekday names
/// (<c>Jan</c>, <c>Mon</c>). As in NCrontab, a day must match both the day and the day-of-week fields.
/// </summary>
public sealed class NCrontabSchedule
{
    private static readonly string[] FieldNames = ["second", "minute", "hour", "day", "month", "day-of-week"];
    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[][] _allowed;
    private readonly int[] _seconds;
    private readonly int[] _minutes;
    private readonly int[] _hours;

    private NCrontabSchedule(string expression, bool[][] allowed)
    {
        Expression = expression;
        _allowed = allowed;
        _seconds = Values(0);
        _minutes = Values(1);
        _hours = Values(2);
    }

    public string Expression { get; }

    public static NCrontabSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new FormatException(
                $"Schedule '{expression}' has {fields.Length} fields; NCRONTAB needs 6: second minute hour day month day-of-week (e.g. '0 */5 * * * *').");
        }

        var allowed = new bool[6][];
        for (var i = 0; i < 6; i++)
        {
            allowed[i] = ParseField(fields[i], i, expression);
        }

        return new NCrontabSchedule(string.Join(' ', fields), allowed);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in the schedule's own (wall-clock) time.</summary>
    public DateTime GetNextOccurrence(DateTime after)
    {
        var start = new DateTime(after.Ticks - (after.Ticks % TimeSpan.TicksPerSecond), after.Kind).AddSeconds(1);
        // Eight years covers every valid combination, including 29 February on a given weekday.
        for (var day = start.Date; day < start.Date.AddYears(8); day = day.AddDays(1))
        {
            if (!_allowed[4][day.Month] || !_allowed[3][day.Day] || !_allowed[5][(int)day.DayOfWeek])
            {
                continue;
            }

            var sameDay = day == start.Date;
            foreach (var hour in _hours)
            {
                if (sameDay && hour < start.Hour)
                {
                    continue;
                }

                foreach (var minute in _minutes)
                {
                    if (sameDay && hour == start.Hour && minute < start.Minute)
                    {
                        continue;
                    }

                    foreach (var second in _seconds)
                    {
                        var candidate = day.AddHours(hour).AddMinutes(minute).AddSeconds(second);
                        if (candidate >= start)
                        {
                            return candidate;
                        }
                    }
                }
            }
        }

        throw new InvalidOperationException($"Schedule '{Expression}' never occurs (for example 30 February).");
    }

    /// <summary>The next occurrence after an instant, with the schedule read as wall-clock time in <paramref name="zone"/>.</summary>
    public DateTimeOffset GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        while (true)
        {
            local = GetNextOccurrence(local);
            if (zone.IsInvalidTime(local))
            {
                continue; // Skipped by a daylight-saving jump: that wall-clock time never happens.
            }

            var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
            var result = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
            if (result > after)
            {
                return result;
            }
        }
    }

    public override string ToString() => Expression;

    private int[] Values(int field) => Enumerable.Range(0, _allowed[field].Length).Where(v => _allowed[field][v]).ToArray();

    private static bool[] ParseField(string field, int index, string expression)
    {
        var (min, max) = Ranges[index];
        var allowed = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var step = 1;
            var rangeText = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                if (!int.TryParse(part[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture, out step) || step < 1)
                {
                    throw Bad(expression, index, part, "the step after '/' must be a positive number");
                }

                rangeText = part[..slash];
            }

            int from, to;
            if (rangeText == "*")
            {
                (from, to) = (min, max);
            }
            else if (rangeText.Contains('-', StringComparison.Ordinal))
            {
                var bounds = rangeText.Split('-');
                if (bounds.Length != 2)
                {
                    throw Bad(expression, index, part, "a range is 'from-to'");
                }

                (from, to) = (Value(bounds[0], index, expression), Value(bounds[1], index, expression));
                if (from > to)
                {
                    throw Bad(expression, index, part, "a range must not run backwards");
                }
            }
            else
            {
                from = Value(rangeText, index, expression);
                to = slash >= 0 ? max : from;
            }

            for (var v = from; v <= to; v += step)
            {
                allowed[v] = true;
            }
        }

        return allowed;
    }

    private static int Value(string text, int index, string expression)
    {
        var names = index == 4 ? Months : index == 5 ? Days : null;
        var named = names is null ? -1 : Array.IndexOf(names, text.ToUpperInvariant());
        if (named >= 0)
        {
            return index == 4 ? named + 1 : named;
        }

        var (min, max) = Ranges[index];
        if (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Bad(expression, index, text, $"it must be {min}–{max}{(names is null ? string.Empty : " or a name like " + names[0])}");
        }

        return value;
    }

    private static FormatException Bad(string expression, int index, string part, string why) =>
        new($"Schedule '{expression}': '{part}' is not a valid {FieldNames[index]} value: {why}.");
}
