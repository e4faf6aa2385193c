using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Telemetry;

/// <summary>
/// The app's own spans and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. Code records an event with one call here where it happens. Static, like the sources of
/// ASP.NET Core and HttpClient: with no exporter configured nothing listens, and each call costs a check.
/// Tags carry only names of things (channel, queue, lifecycle), never what a resident wrote or who they are.
/// </summary>
public static partial class AppTelemetry
{
    public const string Name = "ServerlessMinSheng";

    public static readonly ActivitySource Source = new(Name, typeof(AppTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(Name, typeof(AppTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Received = Meter.CreateCounter<long>(
        "minsheng.requests.received", "{request}", "Requests stored by intake, by channel (web, partner, phone, visit, meeting, survey).");

    private static readonly Histogram<double> TriageLag = Meter.CreateHistogram<double>(
        "minsheng.triage.lag", "s", "From a request's receipt to its triage.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets() });

    private static readonly Histogram<double> TimerLag = Meter.CreateHistogram<double>(
        "minsheng.timer.lag", "s", "From a lifecycle deadline's due time to its firing.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets() });

    private static readonly Counter<long> Poisoned = Meter.CreateCounter<long>(
        "minsheng.queue.poisoned", "{message}", "Messages moved to a poison queue after failing every try.");

    private static readonly Counter<long> NotificationFailures = Meter.CreateCounter<long>(
        "minsheng.notifications.failed", "{attempt}", "Failed notice deliveries, by channel; final=true when the notice was given up.");

    /// <summary>Last sampled approximate message count per trigger queue (see <see cref="QueueDepthSampler"/>).</summary>
    private static readonly ConcurrentDictionary<string, long> Depths = new(StringComparer.Ordinal);

    private static readonly ObservableGauge<long> Depth = Meter.CreateObservableGauge(
        "minsheng.queue.depth",
        () => Depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key))),
        "{message}",
        "Approximate messages waiting in each trigger queue, sampled periodically rather than at each collection.");

    /// <summary>A request was stored (not a repeat of one already stored).</summary>
    public static void RequestReceived(string channel)
    {
        if (Received.Enabled)
        {
            Received.Add(1, new KeyValuePair<string, object?>("channel", channel.ToLowerInvariant()));
        }
    }

    /// <summary>Requests were triaged: each one's time from receipt.</summary>
    public static void RequestsTriaged(IEnumerable<TimeSpan> sinceReceipt)
    {
        if (TriageLag.Enabled)
        {
            foreach (var lag in sinceReceipt)
            {
                TriageLag.Record(Math.Max(0, lag.TotalSeconds));
            }
        }
    }

    /// <summary>A lifecycle deadline fired <paramref name="late"/> after it fell due. Timer names like <c>milestone:3</c> are tagged by kind.</summary>
    public static void TimerFired(string lifecycle, string timer, TimeSpan late)
    {
        if (TimerLag.Enabled)
        {
            var kind = timer.Split(':', 2)[0];
            TimerLag.Record(Math.Max(0, late.TotalSeconds), new KeyValuePair<string, object?>("lifecycle", lifecycle), new KeyValuePair<string, object?>("timer", kind));
        }
    }

    public static void MessagePoisoned(string queue) => Poisoned.Add(1, new KeyValuePair<string, object?>("queue", queue));

    /// <summary>Under the Functions host, which poisons a queue message itself once its last try (host.json's maxDequeueCount) fails.</summary>
    public static void MessagePoisonedByHost(FunctionDefinition function, long? dequeueCount, int maxDequeueCount)
    {
        if (function.Trigger is QueueFunctionTrigger queue && dequeueCount >= maxDequeueCount)
        {
            MessagePoisoned(queue.QueueName);
        }
    }

    public static void NotificationFailed(string channel, bool final) =>
        NotificationFailures.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("final", final));

    public static void QueueDepthSampled(string queue, long approximateCount) => Depths[queue] = approximateCount;

    /// <summary>Seconds: a queue hop takes well under one, a sweep a minute, a missed night's run hours.</summary>
    private static double[] LagBuckets() => [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600, 4 * 3600, 24 * 3600];
}
