using System.Collections.Concurrent;
using System.Text.Json;
using ServerlessMinSheng.Functions.Hosting.LocalRuntime;
using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ServerlessMinSheng.Functions.Telemetry;

namespace ServerlessMinSheng.Functions.Hosting;

/// <summary>
/// How app code hands work to a queue-triggered function: creates the queue on first use and wakes the
/// local runtime. A delay of up to 7 days makes the message a durable timer.
/// </summary>
public sealed class TriggerQueues(QueueServiceClient queues, QueueSignal signal)
{
    private readonly ConcurrentDictionary<string, QueueClient> _clients = new(StringComparer.Ordinal);

    public Task<SendReceipt> SendJsonAsync<T>(string queueName, T message, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        SendAsync(queueName, JsonSerializer.Serialize(message, JsonSerializerOptions.Web), delay, cancellationToken);

    public async Task<SendReceipt> SendAsync(string queueName, string messageText, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        using var sending = AppTelemetry.StartSend(queueName);
        messageText = MessageTraceContext.Inject(messageText);
        var queue = _clients.GetOrAdd(queueName, queues.GetQueueClient);
        SendReceipt receipt;
        try
        {
            receipt = await queue.SendDurableMessageAsync(messageText, delay, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "QueueNotFound")
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            receipt = await queue.SendDurableMessageAsync(messageText, delay, cancellationToken).ConfigureAwait(false);
        }

        if (delay is null || delay <= TimeSpan.Zero)
        {
            signal.Notify(queueName);
        }

        return receipt;
    }
}
