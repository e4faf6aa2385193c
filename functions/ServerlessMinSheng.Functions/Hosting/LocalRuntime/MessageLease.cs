using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Functions.Hosting.LocalRuntime;

/// <summary>
/// Keeps a received message hidden while its handler runs by renewing its visibility at half-time,
/// tracking the pop receipt each renewal hands out.
/// </summary>
internal sealed partial class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly QueueMessage _message;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private string _popReceipt;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan timeout, ILogger logger)
    {
        _queue = queue;
        _message = message;
        _timeout = timeout;
        _logger = logger;
        _popReceipt = message.PopReceipt;
        _renewal = RenewAsync();
    }

    /// <summary>Stops renewing and returns the current pop receipt.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        return _popReceipt;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(_timeout / 2, _stop.Token).ConfigureAwait(false);
                var receipt = await _queue.UpdateMessageAsync(_message.MessageId, _popReceipt, visibilityTimeout: _timeout, cancellationToken: _stop.Token).ConfigureAwait(false);
                _popReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Handler finished.
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogRenewFailed(ex, _queue.Name, _message.MessageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the lease on message {MessageId} in {Queue}; it may be handled twice")]
    private partial void LogRenewFailed(Exception exception, string queue, string messageId);
}
