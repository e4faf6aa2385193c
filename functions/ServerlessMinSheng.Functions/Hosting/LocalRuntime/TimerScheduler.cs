using ServerlessMinSheng.Functions.Hosting.Cron;
using Azure;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Hosting.LocalRuntime;

/// <summary>
/// Fires one timer function on its NCRONTAB schedule, read in the configured time zone, using the
/// injected <see cref="TimeProvider"/> (tests move the clock instead of waiting). Occurrences missed
/// while a run was still going are skipped, as the Functions host does; one missed while the app was
/// down runs once at startup with <see cref="TimerContext.IsPastDue"/> set.
/// </summary>
internal sealed partial class TimerScheduler(
    FunctionDefinition function,
    FunctionInvoker invoker,
    TimerStatusStore status,
    TimeProvider time,
    TimeZoneInfo zone,
    ILogger logger)
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(12);
    private readonly TimerSchedule _schedule = TimerSchedule.Parse(((TimerFunctionTrigger)function.Trigger).Schedule);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            DateTimeOffset? last = null;
            if (await ReadNextDueAsync(stoppingToken).ConfigureAwait(false) is { } missed && missed < time.GetUtcNow())
            {
                await FireAsync(missed, isPastDue: true, stoppingToken).ConfigureAwait(false);
                last = missed;
            }

            var next = _schedule.GetNextOccurrence(time.GetUtcNow(), zone);
            while (!stoppingToken.IsCancellationRequested)
            {
                await SaveAsync(last, next, stoppingToken).ConfigureAwait(false);
                for (var wait = next - time.GetUtcNow(); wait > TimeSpan.Zero; wait = next - time.GetUtcNow())
                {
                    await Task.Delay(WholeMilliseconds(wait < LongestWait ? wait : LongestWait), time, stoppingToken).ConfigureAwait(false);
                }

                await FireAsync(next, isPastDue: false, stoppingToken).ConfigureAwait(false);
                last = next;
                var now = time.GetUtcNow();
                next = _schedule.GetNextOccurrence(now > next ? now : next, zone);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Task.Delay truncates to whole milliseconds: a wait of 0.4 ms would complete at once and, on a
    /// clock that only moves when told (tests), spin this loop forever. Round up instead.
    /// </summary>
    internal static TimeSpan WholeMilliseconds(TimeSpan wait) => TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));

    private async Task FireAsync(DateTimeOffset scheduledFor, bool isPastDue, CancellationToken stoppingToken)
    {
        try
        {
            await invoker.InvokeTimerAsync(function, new TimerContext(function.Name, scheduledFor, isPastDue), stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Logged by the invoker. A timer is not retried; its next occurrence runs as usual.
        }
    }

    private async Task<DateTimeOffset?> ReadNextDueAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await status.GetNextDueAsync(function.Name, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogStatusUnavailable(ex, function.Name);
            return null;
        }
    }

    private async Task SaveAsync(DateTimeOffset? last, DateTimeOffset next, CancellationToken stoppingToken)
    {
        try
        {
            await status.SaveAsync(function.Name, last, next, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogStatusUnavailable(ex, function.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schedule status of {Function} could not be read or saved; a run missed during an outage may not be caught up")]
    private partial void LogStatusUnavailable(Exception exception, string function);
}
