using ServerlessMinSheng.Functions.Hosting;
using Azure.Storage.Queues;

namespace ServerlessMinSheng.Functions.Telemetry;

/// <summary>
/// Reads each trigger queue's approximate message count every <c>Telemetry:QueueDepthInterval</c> (default 30 s)
/// for the <c>minsheng.queue.depth</c> gauge: one cheap request per queue per interval, however often the gauge is
/// collected. Runs under the Functions host as well as with the local runtime, and only while telemetry is on.
/// </summary>
internal sealed partial class QueueDepthSampler(
    FunctionCatalog catalog, QueueServiceClient queues, IConfiguration configuration, TimeProvider time, ILogger<QueueDepthSampler> logger) : BackgroundService
{
    public const string IntervalSetting = "Telemetry:QueueDepthInterval";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var names = catalog.Triggered.Select(f => f.Trigger).OfType<QueueFunctionTrigger>().Select(t => t.QueueName).ToList();
        using var timer = new PeriodicTimer(configuration.GetValue(IntervalSetting, TimeSpan.FromSeconds(30)), time);
        do
        {
            foreach (var queue in names)
            {
                try
                {
                    AppTelemetry.QueueDepthSampled(queue, await ReadDepthAsync(queue, stoppingToken));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogUnreadable(ex, queue); // Not created yet, or storage is down (/api/health says so); the gauge keeps its last value.
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The one storage call: the count the queue service keeps for each queue.</summary>
    private async Task<long> ReadDepthAsync(string queue, CancellationToken cancellationToken) =>
        (await queues.GetQueueClient(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;

    [LoggerMessage(Level = LogLevel.Debug, Message = "The depth of queue {Queue} could not be read")]
    private partial void LogUnreadable(Exception exception, string queue);
}
