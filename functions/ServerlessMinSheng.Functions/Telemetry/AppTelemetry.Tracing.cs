using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Telemetry;

/// <summary>
/// Spans for work that does not arrive over HTTP. A queue function continues the trace of the code that queued
/// its message (the context travels in the message, <see cref="MessageTraceContext"/>); a deadline fired by the
/// sweep continues the trace of the step that set it (the context travels in its index row). So one trace
/// holds a resident's submission, its triage and its projections, or a step, its timer and its notices.
/// </summary>
public static partial class AppTelemetry
{
    /// <summary>The span of one queue function run, child of the context in its message (a root for a message without one).</summary>
    public static Activity? StartQueueFunction(FunctionDefinition function, QueueMessageContext message)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = StartDetached(function.Name, ActivityKind.Consumer, MessageTraceContext.Extract(message.MessageText));
        activity?.SetTag("faas.trigger", "pubsub");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", message.QueueName);
        activity?.SetTag("messaging.message.id", message.MessageId);
        activity?.SetTag("minsheng.dequeue_count", message.DequeueCount);
        return activity;
    }

    /// <summary>The span of one timer function run: a trace of its own.</summary>
    public static Activity? StartTimerFunction(FunctionDefinition function, TimerContext timer)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = StartDetached(function.Name, ActivityKind.Server, default);
        activity?.SetTag("faas.trigger", "timer");
        activity?.SetTag("minsheng.timer.scheduled_for", timer.ScheduledFor.ToString("o", CultureInfo.InvariantCulture));
        activity?.SetTag("minsheng.timer.past_due", timer.IsPastDue);
        return activity;
    }

    /// <summary>Putting a message on a trigger queue; the message then carries this span's context.</summary>
    public static Activity? StartSend(string queue)
    {
        var activity = Source.StartActivity("send " + queue, ActivityKind.Producer);
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", queue);
        return activity;
    }

    /// <summary>
    /// A deadline fired by the sweep: a child of the step that set it (<paramref name="traceParent"/>, from its index
    /// row), linked to the sweep run that found it; without a stored context, a child of the sweep run.
    /// </summary>
    public static Activity? StartDeadline(string lifecycle, string timer, string? traceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var name = $"fire {lifecycle} {timer.Split(':', 2)[0]}";
        var sweep = Activity.Current;
        var activity = ActivityContext.TryParse(traceParent, null, isRemote: true, out var step)
            ? Source.StartActivity(name, ActivityKind.Consumer, step, links: sweep is { Recorded: true } ? [new ActivityLink(sweep.Context)] : null)
            : Source.StartActivity(name, ActivityKind.Consumer);
        activity?.SetTag("minsheng.lifecycle", lifecycle);
        return activity;
    }

    /// <summary>Marks a span failed with the exception's type only: messages may quote what a request said.</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }

    /// <summary>The current span's W3C <c>traceparent</c> to store with work that will run later, or null when nothing is traced.</summary>
    public static string? CurrentTraceParent() =>
        Source.HasListeners() && Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts a span whose parent is <paramref name="parent"/> (a root when it is empty), not whatever span happens
    /// to be current: under the Functions host that is the host's invocation request, which is not the cause of
    /// the work. That current span, when recorded, becomes a link. The caller is an async method, so clearing the
    /// current span here does not outlive its run.
    /// </summary>
    private static Activity? StartDetached(string name, ActivityKind kind, ActivityContext parent)
    {
        var ambient = Activity.Current;
        Activity.Current = null;
        var links = ambient is { Recorded: true } ? new[] { new ActivityLink(ambient.Context) } : null;
        return Source.StartActivity(name, kind, parent, links: links);
    }
}
