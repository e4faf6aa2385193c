namespace ServerlessMinSheng.Functions.Demo;

/// <summary>
/// The app's clock in demo mode, so the demo's history spreads over the past months the way it would
/// have happened: real UTC time plus an offset that the seeder moves forward step by step (its sweeps
/// of the deadline index run at that time), ending at offset 0 — real time — before the app serves.
/// While seeding, each scripted request or project also runs on its own time (an async-flow value),
/// so independent histories can be written side by side instead of one step of the timeline at a time.
/// Timers (<see cref="TimeProvider.CreateTimer"/>) stay on real time; the trigger runtime only starts
/// after the seeding, at offset 0.
/// </summary>
public sealed class DemoClock : TimeProvider
{
    private readonly AsyncLocal<FlowTime?> _flow = new();
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow()
    {
        var real = TimeProvider.System.GetUtcNow();
        return _flow.Value is { } flow ? flow.Now(real) : real.AddTicks(Interlocked.Read(ref _offsetTicks));
    }

    public override TimeZoneInfo LocalTimeZone => TimeProvider.System.LocalTimeZone;

    /// <summary>The shared clock (the one sweeps and anything outside a flow read) shows <paramref name="instant"/> now, and runs on from there.</summary>
    public void SetShared(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - TimeProvider.System.GetUtcNow()).Ticks);

    /// <summary>Back to real time.</summary>
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);

    /// <summary>
    /// Gives the current async flow (and everything it awaits) its own time, starting at <paramref name="instant"/>.
    /// Call it at the start of a flow's own task; move that flow's time with <see cref="FlowTime.Set"/>.
    /// </summary>
    public FlowTime BeginFlow(DateTimeOffset instant)
    {
        var flow = new FlowTime(instant, TimeProvider.System.GetUtcNow());
        _flow.Value = flow;
        return flow;
    }

    /// <summary>One flow's time: the instant it was set to, running on in real time (so two steps set to the same instant keep their order).</summary>
    public sealed class FlowTime(DateTimeOffset at, DateTimeOffset setAt)
    {
        private (DateTimeOffset At, DateTimeOffset SetAt) _value = (at, setAt);

        public DateTimeOffset Current => Now(TimeProvider.System.GetUtcNow());

        public void Set(DateTimeOffset instant) => _value = (instant, TimeProvider.System.GetUtcNow());

        internal DateTimeOffset Now(DateTimeOffset real)
        {
            var (instant, setAt) = _value;
            return instant + (real - setAt);
        }
    }
}
