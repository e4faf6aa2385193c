namespace ServerlessMinSheng.Functions.Hosting;

/// <summary>What starts a function: an HTTP request, a queue message, or a schedule.</summary>
public abstract record FunctionTrigger;

/// <summary>Route is relative to <c>/api</c>, as in the Functions host (<c>routePrefix: api</c>).</summary>
public sealed record HttpFunctionTrigger(IReadOnlyList<string> Methods, string Route) : FunctionTrigger;

public sealed record QueueFunctionTrigger(string QueueName) : FunctionTrigger;

/// <summary>An NCRONTAB schedule, six fields, seconds first.</summary>
public sealed record TimerFunctionTrigger(string Schedule) : FunctionTrigger;

/// <summary>One function of the app, declared once in code; function.json files and the local runtime come from it.</summary>
public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger, Type? HandlerType = null);

/// <summary>Handles one queue message. Throwing makes the runtime retry it, and poison it after 5 tries; so be idempotent.</summary>
public interface IQueueFunction
{
    Task RunAsync(QueueMessageContext message, CancellationToken cancellationToken);
}

/// <summary>Runs on a schedule. A failed run is logged and not retried; the next occurrence runs as usual.</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerContext timer, CancellationToken cancellationToken);
}

public sealed record QueueMessageContext(string FunctionName, string QueueName, string MessageText, string MessageId, long DequeueCount, DateTimeOffset? InsertedOn);

public sealed record TimerContext(string FunctionName, DateTimeOffset ScheduledFor, bool IsPastDue);
