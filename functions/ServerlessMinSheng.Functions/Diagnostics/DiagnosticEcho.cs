using System.Text.Json;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Functions.Diagnostics;

/// <summary>
/// A request to the diagnostic echo: record it, failing on purpose up to dequeue <paramref name="FailUntilDequeue"/>
/// and taking <paramref name="DelayMs"/> up to dequeue <paramref name="SlowUntilDequeue"/> (all dequeues when 0).
/// </summary>
public sealed record EchoRequested(string Id, int DelayMs = 0, int FailUntilDequeue = 0, int SlowUntilDequeue = 0);

/// <summary>
/// A diagnostic queue function, on only where <c>Diagnostics:Enabled</c> is set (development and tests):
/// it proves the trigger path end to end — delivery, retries, poison, and survival of a killed process —
/// by recording each attempt and each completion in a table. It is never deployed.
/// </summary>
public sealed class DiagnosticEcho(TableServiceClient tables, TimeProvider time) : IQueueFunction
{
    public const string QueueName = "diagnostics-echo";
    public const string TableName = "diagnosticechoes";

    public async Task RunAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<EchoRequested>(message.MessageText, JsonSerializerOptions.Web)
            ?? throw new FormatException("The echo message is empty.");
        var table = tables.GetTableClient(TableName);
        await table.CreateIfNotExistsAsync(cancellationToken);
        var attempt = new TableEntity("attempt", $"{request.Id}-{message.DequeueCount}") { ["StartedAt"] = time.GetUtcNow(), ["MessageId"] = message.MessageId };
        await table.UpsertEntityAsync(attempt, cancellationToken: cancellationToken);

        if (message.DequeueCount <= request.FailUntilDequeue)
        {
            throw new InvalidOperationException($"Echo {request.Id} fails on purpose until dequeue {request.FailUntilDequeue}.");
        }

        if (request.SlowUntilDequeue == 0 || message.DequeueCount <= request.SlowUntilDequeue)
        {
            await Task.Delay(request.DelayMs, cancellationToken);
        }

        var done = new TableEntity("done", request.Id) { ["CompletedAt"] = time.GetUtcNow(), ["DequeueCount"] = message.DequeueCount };
        await table.UpsertEntityAsync(done, cancellationToken: cancellationToken);
    }
}

public static class DiagnosticsRegistration
{
    public static WebApplicationBuilder AddDiagnostics(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue("Diagnostics:Enabled", defaultValue: false))
        {
            builder.Services.AddQueueFunction<DiagnosticEcho>(DiagnosticEcho.QueueName);
        }

        return builder;
    }
}
