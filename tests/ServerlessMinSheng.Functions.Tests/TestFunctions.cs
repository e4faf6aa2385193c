using System.Collections.Concurrent;
using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Tests;

/// <summary>What the test functions do and what they saw; one per app instance, set up by the test.</summary>
public sealed class FunctionProbe
{
    public ConcurrentQueue<QueueMessageContext> Messages { get; } = new();

    public ConcurrentQueue<TimerContext> Ticks { get; } = new();

    public Func<QueueMessageContext, CancellationToken, Task> OnMessage { get; set; } = (_, _) => Task.CompletedTask;

    public int Invocations(string messageText) => Messages.Count(m => m.MessageText == messageText);
}

public sealed class RecordingQueueFunction(FunctionProbe probe) : IQueueFunction
{
    public const string QueueName = "test-work";

    public async Task RunAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        probe.Messages.Enqueue(message);
        await probe.OnMessage(message, cancellationToken);
    }
}

public sealed class RecordingTimerFunction(FunctionProbe probe) : ITimerFunction
{
    public const string Schedule = "0 */5 * * * *";

    public Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        probe.Ticks.Enqueue(timer);
        return Task.CompletedTask;
    }
}

public static class TestFunctionRegistration
{
    public static Action<WebApplicationBuilder> With(FunctionProbe probe, TimeProvider? time = null) => builder =>
    {
        builder.Services.AddSingleton(probe);
        builder.Services.AddQueueFunction<RecordingQueueFunction>(RecordingQueueFunction.QueueName);
        builder.Services.AddTimerFunction<RecordingTimerFunction>(RecordingTimerFunction.Schedule);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
    };
}
