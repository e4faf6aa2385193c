using System.Threading.Channels;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>
/// Plays scripted histories — one <see cref="DemoAgent"/> per request or project — side by side on the
/// demo clock, and runs the real deadline sweep (<see cref="LifecycleTimers.SweepAsync"/>) at the moments
/// a script lets a deadline pass, so escalations, automatic closes and their counts happen as in production.
/// <para>
/// Each agent runs on its own time, ahead of the shared clock, and pauses only where it lets one of its
/// deadlines pass. The rule that keeps this faithful: the shared clock moves to the next such deadline
/// only once every agent is paused at or past it, finished, or still running but already past it (a
/// script's time only moves forward). A sweep therefore never fires a deadline that some script meant to
/// beat with a step it has not yet taken, and a script that lets a deadline pass waits for the sweep that
/// fires it. Scripts past the sweep time keep running while it runs: the deadlines it fires are not theirs.
/// </para>
/// </summary>
public sealed class DemoTimeline(DemoClock clock, LifecycleTimers timers, int parallelism)
{
    private DateTimeOffset _shared;

    /// <summary>The shared clock: every deadline due at or before it has been swept.</summary>
    public DateTimeOffset Shared => _shared;

    public int Sweeps { get; private set; }

    public int TimersFired { get; private set; }

    public async Task RunAsync(DateTimeOffset start, DateTimeOffset end, IReadOnlyList<Func<DemoAgent, Task>> scripts, CancellationToken cancellationToken)
    {
        await SweepAtAsync(start, cancellationToken);
        var agents = scripts.Select(script => new DemoAgent(this, clock, script, start)).ToList();
        var running = new HashSet<DemoAgent>();
        var paused = Channel.CreateUnbounded<DemoAgent>();
        while (true)
        {
            if (agents.FirstOrDefault(a => a.Error is not null) is { } failed)
            {
                throw new InvalidOperationException($"A demo script failed: {failed.Error!.Message}", failed.Error);
            }

            var waiting = agents.Where(a => !a.Done && !running.Contains(a)).ToList();
            if (waiting.Count == 0 && running.Count == 0)
            {
                break;
            }

            var sweepAt = waiting.Where(a => a.NeedsSweep).Select(a => a.Wake).Append(end).Min();
            foreach (var agent in waiting.Where(a => !a.NeedsSweep || a.Wake <= _shared).Take(parallelism - running.Count))
            {
                running.Add(agent);
                _ = agent.RunUntilPausedAsync().ContinueWith(_ => paused.Writer.TryWrite(agent), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            if (sweepAt > _shared && running.All(a => a.Passed >= sweepAt) && waiting.All(a => running.Contains(a) || (a.NeedsSweep && a.Wake >= sweepAt)))
            {
                await SweepAtAsync(sweepAt, cancellationToken);
                continue;
            }

            if (running.Count == 0)
            {
                throw new InvalidOperationException($"The demo timeline is stuck at {_shared:O}: {waiting.Count} scripts wait for times past its end.");
            }

            running.Remove(await paused.Reader.ReadAsync(cancellationToken));
            while (paused.Reader.TryRead(out var next))
            {
                running.Remove(next);
            }
        }

        if (_shared < end)
        {
            await SweepAtAsync(end, cancellationToken);
        }
    }

    /// <summary>Moves the shared clock to <paramref name="at"/> and fires every deadline due by then.</summary>
    public async Task SweepAtAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        clock.SetShared(at);
        TimersFired += await timers.SweepAsync(cancellationToken);
        _shared = at;
        Sweeps++;
    }
}

/// <summary>
/// One scripted history on its own time. <see cref="At"/> moves the script's time forward;
/// <see cref="SweptAsync"/> waits until the shared clock has swept past a deadline the script lets pass.
/// </summary>
public sealed class DemoAgent
{
    private readonly DemoTimeline _timeline;
    private readonly DemoClock _clock;
    private readonly Func<DemoAgent, Task> _script;
    private DemoClock.FlowTime? _flow;
    private TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _started;
    private long _passedTicks;

    internal DemoAgent(DemoTimeline timeline, DemoClock clock, Func<DemoAgent, Task> script, DateTimeOffset start)
    {
        _timeline = timeline;
        _clock = clock;
        _script = script;
        Wake = start;
        _passedTicks = start.UtcTicks;
    }

    /// <summary>This script's time.</summary>
    public DateTimeOffset Now => _flow?.Current ?? Wake;

    /// <summary>The shared clock: deadlines due at or before it have been swept.</summary>
    public DateTimeOffset Shared => _timeline.Shared;

    internal DateTimeOffset Wake { get; private set; }

    /// <summary>The time this script has reached (read by the timeline while the script runs).</summary>
    internal DateTimeOffset Passed => new(Interlocked.Read(ref _passedTicks), TimeSpan.Zero);

    internal bool NeedsSweep { get; private set; }

    internal bool Done { get; private set; }

    internal Exception? Error { get; private set; }

    /// <summary>Moves this script's time to <paramref name="at"/> (never backwards).</summary>
    public void At(DateTimeOffset at) => MoveTo(at > Now ? at : Now);

    /// <summary>Waits until the shared clock has swept past <paramref name="due"/>: the deadline has fired (or found its step taken).</summary>
    public Task SweptAsync(DateTimeOffset due) => due <= _timeline.Shared ? Task.CompletedTask : PauseAsync(due);

    /// <summary>Runs the script until it pauses or ends.</summary>
    internal Task RunUntilPausedAsync()
    {
        _paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var paused = _paused.Task;
        if (_started)
        {
            _resume.SetResult();
        }
        else
        {
            _started = true;
            _ = Task.Run(RunScriptAsync);
        }

        return paused;
    }

    private async Task RunScriptAsync()
    {
        _flow = _clock.BeginFlow(Wake);
        try
        {
            await _script(this);
        }
        catch (Exception ex)
        {
            Error = ex; // Reported by the timeline, which stops the seeding.
        }

        Done = true;
        _paused.SetResult();
    }

    private async Task PauseAsync(DateTimeOffset due)
    {
        Wake = due;
        NeedsSweep = true;
        _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = _resume.Task;
        _paused.SetResult();
        await resume;
        NeedsSweep = false;
        var now = _flow!.Current;
        MoveTo(_timeline.Shared > now ? _timeline.Shared : now);
    }

    private void MoveTo(DateTimeOffset at)
    {
        _flow!.Set(at);
        Interlocked.Exchange(ref _passedTicks, at.UtcTicks);
    }
}
