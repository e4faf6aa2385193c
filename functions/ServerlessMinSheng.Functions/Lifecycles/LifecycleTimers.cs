using System.Text.Json;
using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Lifecycles;

/// <summary>A lifecycle that has timers: told when one falls due, it checks the entity's version and state itself.</summary>
public interface ITimerTarget
{
    string Lifecycle { get; }

    /// <summary>Takes the timer's step if the entity is still where the timer left it; otherwise does nothing.</summary>
    Task FireAsync(DueTimer timer, CancellationToken cancellationToken);
}

/// <summary>
/// Durable timers: the deadline index row (written before the transition) is the truth; a delayed
/// queue message (hops of at most 7 days) fires it on time, and a sweep every minute fires whatever
/// is due and was missed (a message lost, or never sent because the process died after the commit).
/// </summary>
public sealed partial class TimerScheduling(DeadlineIndex index, TriggerQueues queues, TimeProvider time, ILogger<TimerScheduling> logger)
{
    public const string QueueName = "lifecycle-timers";
    public static readonly TimeSpan LongestHop = TimeSpan.FromDays(7);

    /// <summary>Records deadlines before the transition that sets them is committed.</summary>
    public Task RecordAsync(IReadOnlyList<DueTimer> timers, CancellationToken cancellationToken) =>
        timers.Count == 0 ? Task.CompletedTask : index.AddAsync(timers, cancellationToken);

    /// <summary>Removes a deadline whose work was done at once (a sync that succeeded right after its commit).</summary>
    public Task ForgetAsync(DueTimer timer, CancellationToken cancellationToken) => index.RemoveAsync(timer, cancellationToken);

    /// <summary>After the commit: a delayed message per deadline. Best effort; the sweep covers a failure here.</summary>
    public async Task ArmAsync(IReadOnlyList<DueTimer> timers, CancellationToken cancellationToken)
    {
        foreach (var timer in timers)
        {
            try
            {
                await SendAsync(timer, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogArmFailed(ex, timer.Lifecycle, timer.Key, timer.Timer);
            }
        }
    }

    public Task SendAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        var wait = timer.DueAt - time.GetUtcNow();
        var delay = wait <= TimeSpan.Zero ? (TimeSpan?)null : wait < LongestHop ? wait : LongestHop;
        return queues.SendJsonAsync(QueueName, timer, delay, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The timer message for {Lifecycle} {Key} ({Timer}) was not sent; the sweep will fire it")]
    private partial void LogArmFailed(Exception exception, string lifecycle, string key, string timer);
}

/// <summary>Fires timers that fall due: from their delayed message, or from the sweep of the deadline index.</summary>
public sealed partial class LifecycleTimers(DeadlineIndex index, TimerScheduling scheduling, IEnumerable<ITimerTarget> targets, TimeProvider time, ILogger<LifecycleTimers> logger)
{
    private readonly Dictionary<string, ITimerTarget> _targets = targets.ToDictionary(t => t.Lifecycle, StringComparer.Ordinal);

    public async Task HandleAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        if (timer.DueAt > time.GetUtcNow())
        {
            await scheduling.SendAsync(timer, cancellationToken); // Another hop: a queue message waits at most 7 days.
            return;
        }

        if (!_targets.TryGetValue(timer.Lifecycle, out var target))
        {
            throw new InvalidOperationException($"No lifecycle '{timer.Lifecycle}' handles timers.");
        }

        await target.FireAsync(timer, cancellationToken);
        Telemetry.AppTelemetry.TimerFired(timer.Lifecycle, timer.Timer, time.GetUtcNow() - timer.DueAt);
        await index.RemoveAsync(timer, cancellationToken);
    }

    /// <summary>Fires every deadline already due; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        while (true)
        {
            var due = await index.DueAsync(time.GetUtcNow(), 400, cancellationToken);
            if (due.Count == 0)
            {
                return fired;
            }

            var round = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (timer, token) =>
            {
                using var firing = Telemetry.AppTelemetry.StartDeadline(timer.Lifecycle, timer.Timer, timer.TraceParent);
                try
                {
                    await HandleAsync(timer, token);
                    Interlocked.Increment(ref round);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFireFailed(ex, timer.Lifecycle, timer.Key, timer.Timer);
                    Telemetry.AppTelemetry.Failed(firing, ex);
                }
            });

            fired += round;
            if (due.Count < 100 || round == 0)
            {
                return fired; // All due are done, or the rest keep failing: the next sweep tries again.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing {Lifecycle} {Key} ({Timer}) failed; the next sweep retries")]
    private partial void LogFireFailed(Exception exception, string lifecycle, string key, string timer);
}

/// <summary>Queue trigger: a delayed timer message arrives.</summary>
public sealed class FireLifecycleTimer(LifecycleTimers timers) : IQueueFunction
{
    public Task RunAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var timer = JsonSerializer.Deserialize<DueTimer>(message.MessageText, JsonSerializerOptions.Web)
            ?? throw new FormatException("A timer message is empty.");
        return timers.HandleAsync(timer, cancellationToken);
    }
}

/// <summary>Timer: every minute, fire the deadlines that are due, whether or not their message arrived.</summary>
public sealed class LifecycleSweep(LifecycleTimers timers) : ITimerFunction
{
    public const string Schedule = "15 * * * * *";

    public Task RunAsync(TimerContext timer, CancellationToken cancellationToken) => timers.SweepAsync(cancellationToken);
}
