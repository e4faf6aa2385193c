using Microsoft.Extensions.Options;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Functions.Hosting.LocalRuntime;

/// <summary>
/// Stands in for the Azure Functions host when the app runs on its own: one listener per queue
/// function, one scheduler per timer function. Off when the real host drives the app.
/// </summary>
internal sealed class LocalTriggerRuntime(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    QueueServiceClient queues,
    QueueSignal signal,
    TimerStatusStore timerStatus,
    TimeProvider time,
    IOptions<FunctionsHostOptions> options,
    ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var host = options.Value;
        if (host.Mode != FunctionsHostMode.Local || !host.LocalRuntime.Enabled)
        {
            return Task.CompletedTask;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(host.TimeZone);
        var runs = catalog.Triggered.Select(function => function.Trigger switch
        {
            QueueFunctionTrigger => new QueueListener(function, queues, invoker, signal, host.LocalRuntime, loggers.CreateLogger("ServerlessMinSheng.Functions.QueueTrigger." + function.Name)).RunAsync(stoppingToken),
            TimerFunctionTrigger => new TimerScheduler(function, invoker, timerStatus, time, zone, loggers.CreateLogger("ServerlessMinSheng.Functions.TimerTrigger." + function.Name)).RunAsync(stoppingToken),
            _ => throw new InvalidOperationException($"Function {function.Name} has a trigger the local runtime cannot drive."),
        });
        return Task.WhenAll(runs);
    }
}
