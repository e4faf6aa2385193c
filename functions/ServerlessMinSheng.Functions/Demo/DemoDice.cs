namespace ServerlessMinSheng.Functions.Demo;

/// <summary>The demo's seeded randomness, and the times of day people act at (in the deployment's time zone).</summary>
public sealed class DemoDice(int seed, TimeZoneInfo zone, DateTimeOffset end)
{
    private readonly Random _random = new(seed);

    public double Next() => _random.NextDouble();

    public int Next(int from, int to) => _random.Next(from, to);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public double Between(double from, double to) => from + (_random.NextDouble() * (to - from));

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone);

    /// <summary>Staff review and dispatch in office hours (08:00–20:00 local): later than that waits for the next morning.</summary>
    public DateTimeOffset Office(DateTimeOffset at)
    {
        var local = Local(at);
        if (local.Hour is >= 8 and < 20)
        {
            return at;
        }

        var day = local.Hour < 8 ? local.Date : local.Date.AddDays(1);
        return new DateTimeOffset(day.AddHours(8), local.Offset).AddMinutes(Between(0, 90)).ToUniversalTime();
    }

    /// <summary>The same day at a time residents write (mostly 07:00–22:00), never later than an hour before the end.</summary>
    public DateTimeOffset Daytime(DateTimeOffset at)
    {
        var local = Local(at);
        var hour = Chance(0.9) ? _random.Next(7, 22) : _random.Next(0, 24);
        var moved = new DateTimeOffset(local.Date.AddHours(hour).AddMinutes(_random.Next(60)), local.Offset).ToUniversalTime();
        return moved < end.AddHours(-1) ? moved : end.AddHours(-Between(1, 3));
    }

    /// <summary>A point in the period, 0–1, more often late than early (more residents use the platform as it goes on).</summary>
    public double Volume()
    {
        while (true)
        {
            var x = _random.NextDouble();
            if (Chance(0.55 + (0.45 * x)))
            {
                return x;
            }
        }
    }
}
