using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Functions.Hosting;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Functions.Tests;

public class LocalRuntimeTests
{
    private static async Task<(TestApp App, FunctionProbe Probe, QueueClient Queue, QueueClient Poison)> StartAsync(
        Action<FunctionProbe>? setUp = null, IReadOnlyDictionary<string, string>? settings = null, Func<QueueClient, Task>? beforeStart = null)
    {
        var account = await SharedAzurite.NewAccountAsync();
        var queues = StorageClients.Queues(account.ConnectionString);
        var queue = queues.GetQueueClient(RecordingQueueFunction.QueueName);
        var poison = queues.GetQueueClient(RecordingQueueFunction.QueueName + "-poison");
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        if (beforeStart is not null)
        {
            await beforeStart(queue);
        }

        var probe = new FunctionProbe();
        setUp?.Invoke(probe);
        var app = await TestApp.StartAsync(account.ConnectionString, settings, TestFunctionRegistration.With(probe));
        return (app, probe, queue, poison);
    }

    [Fact]
    public async Task AMessageIsHandledOnceAndDeleted()
    {
        var (app, probe, queue, _) = await StartAsync();
        await using var _ = app;

        await app.Services.GetRequiredService<TriggerQueues>().SendAsync(RecordingQueueFunction.QueueName, "路灯不亮");

        await Eventually.TrueAsync(() => Task.FromResult(probe.Invocations("路灯不亮") == 1), "the message to be handled");
        await Eventually.TrueAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the message to be deleted");
        var handled = Assert.Single(probe.Messages);
        Assert.Equal(nameof(RecordingQueueFunction), handled.FunctionName);
        Assert.Equal(1, handled.DequeueCount);
    }

    [Fact]
    public async Task AFailingMessageIsRetriedUntilItSucceeds()
    {
        var (app, probe, queue, poison) = await StartAsync(p => p.OnMessage = (m, _) =>
            m.DequeueCount < 3 ? throw new InvalidOperationException("not yet") : Task.CompletedTask);
        await using var _ = app;

        await queue.SendMessageAsync("flaky");

        await Eventually.TrueAsync(async () => probe.Invocations("flaky") == 3 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "three tries and a delete");
        Assert.Equal([1L, 2L, 3L], probe.Messages.Select(m => m.DequeueCount));
        Assert.Empty((await poison.PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task AMessageThatFailsFiveTimesMovesToThePoisonQueue()
    {
        var (app, probe, queue, poison) = await StartAsync(p => p.OnMessage = (_, _) => throw new InvalidOperationException("always"));
        await using var _ = app;

        await queue.SendMessageAsync("{\"requestId\":\"R-1\"}");

        var poisoned = await Eventually.ReturnsAsync(async () => (await poison.PeekMessagesAsync()).Value, m => m.Length == 1, "the poison message");
        Assert.Equal("{\"requestId\":\"R-1\"}", poisoned[0].MessageText);
        Assert.Equal(5, probe.Invocations("{\"requestId\":\"R-1\"}"));
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task AMessageAlreadyDequeuedTooOftenIsPoisonedWithoutRunning()
    {
        // Five receives that were never settled: as if the process died five times while handling it.
        var (app, probe, _, poison) = await StartAsync(beforeStart: async queue =>
        {
            await queue.SendMessageAsync("crashes the process");
            for (var i = 0; i < 5; i++)
            {
                var received = Assert.Single((await queue.ReceiveMessagesAsync()).Value);
                await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }
        });
        await using var _ = app;

        await Eventually.ReturnsAsync(async () => (await poison.PeekMessagesAsync()).Value, m => m.Length == 1, "the poison message");
        Assert.Equal(0, probe.Invocations("crashes the process"));
    }

    [Fact]
    public async Task AHandlerRunningLongerThanTheVisibilityTimeoutKeepsItsMessage()
    {
        // A 4 s lease renewed every 2 s, held for 10 s: with 2 s of margin per renewal the test stays
        // meaningful when the rest of the suite loads Azurite (a 2 s lease once lost a renewal there).
        var settings = new Dictionary<string, string>(TestApp.FastRuntime) { ["Functions:LocalRuntime:VisibilityTimeout"] = "00:00:04" };
        var (app, probe, queue, _) = await StartAsync(p => p.OnMessage = (_, token) => Task.Delay(TimeSpan.FromSeconds(10), token), settings);
        await using var _ = app;

        await queue.SendMessageAsync("slow");

        await Eventually.TrueAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the slow message to finish", TimeSpan.FromSeconds(30));
        Assert.Equal(1, probe.Invocations("slow"));
    }

    [Fact]
    public async Task MessagesAreHandledConcurrentlyUpToTheBatchSize()
    {
        var running = 0;
        var peak = 0;
        var (app, probe, queue, _) = await StartAsync(p => p.OnMessage = async (_, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(300, token);
            Interlocked.Decrement(ref running);
        });
        await using var _ = app;

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => queue.SendMessageAsync($"m{i}")));

        await Eventually.TrueAsync(() => Task.FromResult(probe.Messages.Count == 40), "all 40 messages");
        Assert.InRange(peak, 2, 16);
    }

    [Fact]
    public async Task SendingThroughTriggerQueuesWakesAnIdleListener()
    {
        var slowPolling = new Dictionary<string, string>(TestApp.FastRuntime) { ["Functions:LocalRuntime:MaxPollingInterval"] = "00:01:00" };
        var (app, probe, _, _) = await StartAsync(settings: slowPolling);
        await using var _ = app;
        await Task.Delay(TimeSpan.FromSeconds(3)); // Long enough for the poll interval to back off well past a second.

        var sent = DateTime.UtcNow;
        await app.Services.GetRequiredService<TriggerQueues>().SendAsync(RecordingQueueFunction.QueueName, "wake up");
        await Eventually.TrueAsync(() => Task.FromResult(probe.Invocations("wake up") == 1), "the message", TimeSpan.FromSeconds(10));

        Assert.True(DateTime.UtcNow - sent < TimeSpan.FromSeconds(5), "the listener should wake on a local send, not wait for its next poll");
    }

    [Fact]
    public async Task TheRuntimeRecoversWhenTheQueueIsDeletedUnderIt()
    {
        var (app, probe, queue, _) = await StartAsync();
        await using var _ = app;
        await Eventually.TrueAsync(async () => await app.Services.GetRequiredService<QueueServiceClient>().GetQueuesAsync(prefix: queue.Name).AnyAsync(q => q.Name == queue.Name), "the queue to be created");

        await queue.DeleteIfExistsAsync();
        await Task.Delay(500);
        await app.Services.GetRequiredService<TriggerQueues>().SendAsync(RecordingQueueFunction.QueueName, "after");

        await Eventually.TrueAsync(() => Task.FromResult(probe.Invocations("after") == 1), "the message sent after the queue came back");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
