using System.Diagnostics;
using ServerlessMinSheng.Functions.Telemetry;

namespace ServerlessMinSheng.Functions.Hosting;

/// <summary>Runs a queue or timer function in its own DI scope, for the local runtime and the Functions host alike.</summary>
public sealed partial class FunctionInvoker(IServiceScopeFactory scopes, ILogger<FunctionInvoker> logger)
{
    public async Task InvokeQueueAsync(FunctionDefinition function, QueueMessageContext message, CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.StartQueueFunction(function, message);
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var handler = (IQueueFunction)scope.ServiceProvider.GetRequiredService(Handler(function));
        try
        {
            await handler.RunAsync(message, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogQueueSucceeded(function.Name, message.MessageId, message.DequeueCount, elapsed);
        }
        catch (Exception ex)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogQueueFailed(ex, function.Name, message.MessageId, message.DequeueCount, elapsed);
            AppTelemetry.Failed(activity, ex);
            throw;
        }
    }

    public async Task InvokeTimerAsync(FunctionDefinition function, TimerContext timer, CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.StartTimerFunction(function, timer);
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var handler = (ITimerFunction)scope.ServiceProvider.GetRequiredService(Handler(function));
        try
        {
            await handler.RunAsync(timer, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogTimerSucceeded(function.Name, timer.ScheduledFor, timer.IsPastDue, elapsed);
        }
        catch (Exception ex)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogTimerFailed(ex, function.Name, timer.ScheduledFor, elapsed);
            AppTelemetry.Failed(activity, ex);
            throw;
        }
    }

    private static Type Handler(FunctionDefinition function) =>
        function.HandlerType ?? throw new InvalidOperationException($"Function {function.Name} has no handler type.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed {Function} for message {MessageId} (dequeue {DequeueCount}) in {ElapsedMs:0} ms")]
    private partial void LogQueueSucceeded(string function, string messageId, long dequeueCount, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed for message {MessageId} (dequeue {DequeueCount}) after {ElapsedMs:0} ms")]
    private partial void LogQueueFailed(Exception exception, string function, string messageId, long dequeueCount, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed {Function} scheduled for {ScheduledFor:o} (past due: {IsPastDue}) in {ElapsedMs:0} ms")]
    private partial void LogTimerSucceeded(string function, DateTimeOffset scheduledFor, bool isPastDue, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} scheduled for {ScheduledFor:o} failed after {ElapsedMs:0} ms")]
    private partial void LogTimerFailed(Exception exception, string function, DateTimeOffset scheduledFor, double elapsedMs);
}
