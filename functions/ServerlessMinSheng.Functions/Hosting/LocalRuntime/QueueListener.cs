using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Functions.Hosting.LocalRuntime;

/// <summary>
/// Does for one queue what the Functions host's queue trigger does: receives messages with a visibility
/// timeout (renewed while the handler runs), deletes them on success, lets them reappear with a growing
/// delay on failure, and moves a message to <c>&lt;queue&gt;-poison</c> once it has failed
/// <see cref="LocalRuntimeOptions.MaxDequeueCount"/> times. A crash loses nothing: the message simply
/// becomes visible again when its visibility timeout ends.
/// </summary>
internal sealed partial class QueueListener(
    FunctionDefinition function,
    QueueServiceClient queues,
    FunctionInvoker invoker,
    QueueSignal signal,
    LocalRuntimeOptions options,
    ILogger logger)
{
    private readonly string _queueName = ((QueueFunctionTrigger)function.Trigger).QueueName;
    private readonly QueueClient _queue = queues.GetQueueClient(((QueueFunctionTrigger)function.Trigger).QueueName);
    private readonly QueueClient _poison = queues.GetQueueClient(((QueueFunctionTrigger)function.Trigger).QueueName + "-poison");

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await EnsureQueuesAsync(stoppingToken).ConfigureAwait(false);
        var inFlight = new HashSet<Task>();
        var idle = options.MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveWhere(t => t.IsCompleted);
            var free = options.BatchSize - inFlight.Count;
            if (free <= 0)
            {
                await Task.WhenAny(inFlight).ConfigureAwait(false);
                continue;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await _queue.ReceiveMessagesAsync(Math.Min(free, QueueLimits.MaxMessagesPerReceive), options.VisibilityTimeout, stoppingToken).ConfigureAwait(false)).Value;
            }
            catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
            {
                LogReceiveFailed(ex, _queueName);
                await EnsureQueuesAsync(stoppingToken).ConfigureAwait(false);
                await Wait(options.MaxPollingInterval, stoppingToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            if (messages.Length == 0)
            {
                await Wait(idle, stoppingToken).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollingInterval.Ticks));
                continue;
            }

            idle = options.MinPollingInterval;
            foreach (var message in messages)
            {
                inFlight.Add(Task.Run(() => ProcessAsync(message, stoppingToken), CancellationToken.None));
            }
        }

        // Let running handlers finish; anything cut short becomes visible again after its timeout.
        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > options.MaxDequeueCount)
            {
                // Received more often than allowed without a recorded failure: the process died while handling it.
                await MoveToPoisonAsync(message, message.PopReceipt, stoppingToken).ConfigureAwait(false);
                return;
            }

            await using var lease = new MessageLease(_queue, message, options.VisibilityTimeout, logger);
            var context = new QueueMessageContext(function.Name, _queueName, message.MessageText, message.MessageId, message.DequeueCount, message.InsertedOn);
            Exception? failure = null;
            try
            {
                await invoker.InvokeQueueAsync(function, context, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            var popReceipt = await lease.StopAsync().ConfigureAwait(false);
            if (failure is null)
            {
                if (!await _queue.TryDeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None).ConfigureAwait(false))
                {
                    LogLeaseLost(_queueName, message.MessageId);
                }
            }
            else if (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: hand the message straight back rather than counting it as a failure's wait.
                await _queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, popReceipt, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                var delay = TimeSpan.FromTicks(Math.Min(options.RetryDelay.Ticks * (1L << (int)Math.Min(message.DequeueCount - 1, 20)), options.MaxRetryDelay.Ticks));
                await _queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: delay, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                LogRetryScheduled(_queueName, message.MessageId, message.DequeueCount, delay.TotalSeconds);
            }
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            // The message was not deleted, so it reappears after its visibility timeout: nothing is lost.
            LogSettleFailed(ex, _queueName, message.MessageId);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string popReceipt, CancellationToken cancellationToken)
    {
        await _poison.SendDurableMessageAsync(message.MessageText, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _queue.TryDeleteMessageAsync(message.MessageId, popReceipt, cancellationToken).ConfigureAwait(false);
        LogPoisoned(_queueName, message.MessageId, message.DequeueCount, _poison.Name);
        Telemetry.AppTelemetry.MessagePoisoned(_queueName);
    }

    private async Task EnsureQueuesAsync(CancellationToken stoppingToken)
    {
        for (var delay = options.MinPollingInterval; !stoppingToken.IsCancellationRequested;)
        {
            try
            {
                await _queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                await _poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
            {
                LogQueueUnavailable(ex, _queueName);
                await Wait(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task Wait(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await signal.WaitAsync(_queueName, delay, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed; retrying")]
    private partial void LogReceiveFailed(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} is unavailable; retrying")]
    private partial void LogQueueUnavailable(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} in {Queue} was handled, but its lease had been lost; it may be handled again")]
    private partial void LogLeaseLost(string queue, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} in {Queue} failed on dequeue {DequeueCount}; retrying in {DelaySeconds:0.#} s")]
    private partial void LogRetryScheduled(string queue, string messageId, long dequeueCount, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} in {Queue} failed {DequeueCount} times and was moved to {PoisonQueue}")]
    private partial void LogPoisoned(string queue, string messageId, long dequeueCount, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle message {MessageId} in {Queue}; it will reappear after its visibility timeout")]
    private partial void LogSettleFailed(Exception exception, string queue, string messageId);
}
