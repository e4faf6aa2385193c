using ServerlessMinSheng.Functions.Storage;
using System.Collections.Concurrent;
using System.Diagnostics;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Telemetry;
using Azure.Storage.Queues;
using ServerlessMinSheng.TraceViewer;

namespace ServerlessMinSheng.Functions.Tests.Telemetry;

public class TraceContextTests
{
    [Fact]
    public async Task AQueuedMessageCarriesItsSendersTraceAndAMessageWithoutOneStillRuns()
    {
        var seen = new ConcurrentDictionary<string, (ActivityContext Context, string Name)>();
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await StartAsync(receiver, probe => probe.OnMessage = (m, _) =>
        {
            seen[m.MessageText] = (Activity.Current!.Context, Activity.Current.DisplayName);
            return Task.CompletedTask;
        });

        ActivityContext step;
        using (var activity = AppTelemetry.Source.StartActivity("a step that queues work"))
        {
            step = activity!.Context;
            await app.Services.GetRequiredService<TriggerQueues>().SendJsonAsync(RecordingQueueFunction.QueueName, new { work = "修路灯" });
        }

        var old = """{"work":"排队已久的旧消息"}""";
        await StorageClients.Queues(app.App.Configuration["AzureWebJobsStorage"]!).GetQueueClient(RecordingQueueFunction.QueueName).SendMessageAsync(old);

        await Eventually.TrueAsync(() => Task.FromResult(seen.Count == 2), "both messages to be handled");
        var (traced, run) = Assert.Single(seen, s => s.Key != old).Value;
        Assert.Contains($"\"traceparent\":\"00-{step.TraceId}-", Assert.Single(seen.Keys, k => k != old), StringComparison.Ordinal);
        Assert.Equal(step.TraceId, traced.TraceId);
        Assert.Equal(nameof(RecordingQueueFunction), run);
        var (untraced, oldRun) = seen[old];
        Assert.NotEqual(step.TraceId, untraced.TraceId);
        Assert.Equal(nameof(RecordingQueueFunction), oldRun);

        var consumer = await Eventually.ReturnsAsync(
            () => Task.FromResult(receiver.Spans.FirstOrDefault(s => s.TraceId == step.TraceId.ToHexString() && s.Name == nameof(RecordingQueueFunction))), s => s is not null, "the function's span");
        var send = Assert.Single(receiver.Spans, s => s.SpanId == consumer!.ParentSpanId);
        Assert.Equal($"send {RecordingQueueFunction.QueueName}", send.Name);
        Assert.Equal(step.SpanId.ToHexString(), send.ParentSpanId);
    }

    [Fact]
    public async Task AMessageThatFailsEveryTryIsCountedAsPoisonedForItsQueue()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await StartAsync(receiver, probe => probe.OnMessage = (_, _) => throw new InvalidOperationException("always"));

        await app.Services.GetRequiredService<TriggerQueues>().SendAsync(RecordingQueueFunction.QueueName, """{"work":"坏消息"}""");

        await Eventually.TrueAsync(
            () => Task.FromResult(receiver.Holds("metrics", "minsheng.queue.poisoned") && receiver.Holds("metrics", RecordingQueueFunction.QueueName)),
            "the poisoned message to be counted");
        var failed = await Eventually.ReturnsAsync(
            () => Task.FromResult(receiver.Spans.Where(s => s.Name == nameof(RecordingQueueFunction)).ToList()), s => s.Count == 5, "five failed runs");
        Assert.All(failed, s => Assert.True(s.Failed && s.Attributes["error.type"] == typeof(InvalidOperationException).FullName));
    }

    [Fact]
    public async Task TheSweepFiresADeadlineInTheTraceOfTheStepThatSetIt()
    {
        // A clock that stands still: the sweep's own schedule never runs, so only the test's sweep fires the deadline.
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var target = new RecordingTimerTarget();
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await StartAsync(receiver, configure: builder => builder.Services.AddSingleton<TimeProvider>(time).AddSingleton<ITimerTarget>(target));
        var deadline = new DueTimer(RecordingTimerTarget.Name, UniqueKey(), 1, "remind:2", time.GetUtcNow().AddMinutes(-3));

        ActivityContext step;
        string? traceParent;
        using (var activity = AppTelemetry.Source.StartActivity("a step that sets a deadline"))
        {
            (step, traceParent) = (activity!.Context, activity.Id);
            await app.Services.GetRequiredService<TimerScheduling>().RecordAsync([deadline], CancellationToken.None);
        }

        var stored = Assert.Single(await app.Services.GetRequiredService<DeadlineIndex>().DueAsync(time.GetUtcNow(), 400, CancellationToken.None));
        Assert.Equal(traceParent, stored.TraceParent);
        Assert.StartsWith($"00-{step.TraceId}-{step.SpanId}-", traceParent, StringComparison.Ordinal);

        Assert.Equal(1, await app.Services.GetRequiredService<LifecycleTimers>().SweepAsync(CancellationToken.None));

        var (fired, name) = Assert.Single(target.Fired);
        Assert.Equal(step.TraceId, fired.TraceId);
        Assert.Equal($"fire {RecordingTimerTarget.Name} remind", name);
        var span = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Spans.FirstOrDefault(s => s.Name == name)), s => s is not null, "the firing's span");
        Assert.Equal(step.SpanId.ToHexString(), span!.ParentSpanId);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Holds("metrics", "minsheng.timer.lag")), "the timer's lag to be recorded");
    }

    private static async Task<TestApp> StartAsync(OtlpReceiver receiver, Action<FunctionProbe>? setUp = null, Action<WebApplicationBuilder>? configure = null)
    {
        var account = await SharedAzurite.NewAccountAsync();
        var probe = new FunctionProbe();
        setUp?.Invoke(probe);
        return await TestApp.StartAsync(account.ConnectionString, TelemetryTestSettings.Exporting(receiver), builder =>
        {
            TestFunctionRegistration.With(probe)(builder);
            configure?.Invoke(builder);
        });
    }

    private static string UniqueKey() => Guid.NewGuid().ToString("N")[..10];

    private sealed class RecordingTimerTarget : ITimerTarget
    {
        public const string Name = "telemetry-test";

        public ConcurrentQueue<(ActivityContext Context, string Name)> Fired { get; } = new();

        public string Lifecycle => Name;

        public Task FireAsync(DueTimer timer, CancellationToken cancellationToken)
        {
            Fired.Enqueue((Activity.Current!.Context, Activity.Current.DisplayName));
            return Task.CompletedTask;
        }
    }
}
