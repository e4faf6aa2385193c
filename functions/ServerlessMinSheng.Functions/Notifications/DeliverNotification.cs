using System.Text.Json;
using ServerlessMinSheng.Functions.Hosting;
using Azure;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>
/// Queue trigger: delivers one notice through its channel. A notice already delivered is not sent again,
/// and while one copy of its message is sending it (the outbox may queue a notice twice after a crash) a
/// second copy leaves it alone. A failure is recorded and thrown, so the queue retries it after a growing
/// delay; after the fifth try the notice is marked failed (and the message moves to the poison queue).
/// </summary>
public sealed partial class DeliverNotification(
    NotificationOutbox outbox, IEnumerable<INotificationChannel> channels, TimeProvider time, ILogger<DeliverNotification> logger) : IQueueFunction
{
    private const int LastAttempt = 5;

    /// <summary>Longer than any one send (10 s timeouts), so a live sender is never overtaken; a dead one's claim lapses.</summary>
    private static readonly TimeSpan SendingFor = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name);

    public async Task RunAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<NotificationMessage>(message.MessageText, JsonSerializerOptions.Web)
            ?? throw new FormatException("A notification message is empty.");
        var notice = await outbox.FindAsync(request.PartitionKey, request.RowKey, cancellationToken);
        if (notice is null || notice.Delivery != Notification.Pending)
        {
            return;
        }

        var channel = _channels.GetValueOrDefault(notice.Channel) ?? throw new InvalidOperationException($"Notice {notice.EventId} names an unknown channel '{notice.Channel}'.");
        if (!await ClaimAsync(notice, message.MessageId, cancellationToken))
        {
            LogSentElsewhere(notice.EventId, notice.Channel);
            return; // Another copy of the message is sending it; that copy, or its retry, finishes the job.
        }

        try
        {
            var sent = await channel.DeliverAsync(notice, cancellationToken);
            notice.Delivery = sent ? Notification.Delivered : Notification.Skipped;
            notice.DeliveredAt = sent ? time.GetUtcNow() : null;
            notice.Attempts++;
            notice.LastError = null;
            notice.SendingBy = null;
            notice.SendingUntil = null;
            await outbox.SaveAsync(notice, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or DeliveryRefusedException && !cancellationToken.IsCancellationRequested)
        {
            notice.Attempts++;
            notice.LastError = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
            notice.Delivery = notice.Attempts >= LastAttempt || message.DequeueCount >= LastAttempt ? Notification.Failed : Notification.Pending;
            notice.SendingBy = null;
            notice.SendingUntil = null;
            await outbox.SaveAsync(notice, cancellationToken);
            LogDeliveryFailed(notice.EventId, notice.Channel, notice.PartitionKey, notice.Attempts, notice.LastError);
            Telemetry.AppTelemetry.NotificationFailed(notice.Channel, final: notice.Delivery == Notification.Failed);
            throw;
        }
    }

    /// <summary>
    /// Marks the notice as being sent by this message, guarded by its ETag. False when another message holds it
    /// (a retry of the same message, after a crash mid-send, takes it back) or claimed it first.
    /// </summary>
    private async Task<bool> ClaimAsync(Notification notice, string messageId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (notice.SendingBy is { } holder && holder != messageId && notice.SendingUntil > now)
        {
            return false;
        }

        notice.SendingBy = messageId;
        notice.SendingUntil = now + SendingFor;
        try
        {
            await outbox.SaveAsync(notice, cancellationToken);
            return true;
        }
        catch (RequestFailedException conflict) when (conflict.IsConflict())
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {EventId} ({Channel}) to {Recipient} failed (try {Attempts}): {Error}")]
    private partial void LogDeliveryFailed(string eventId, string channel, string recipient, int attempts, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice {EventId} ({Channel}) is being sent by another copy of its message")]
    private partial void LogSentElsewhere(string eventId, string channel);
}
