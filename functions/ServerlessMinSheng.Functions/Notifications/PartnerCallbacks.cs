using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Partners;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>What a partner system receives: the request's new status, so its operator can call the resident back.</summary>
public sealed record PartnerCallbackBody(
    string EventId, string TrackingCode, string? PartnerRef, string Status, string? StatusLabel, string Action, string Title, string? Detail, DateTimeOffset At);

/// <summary>
/// Queue trigger: delivers one notice. A notice already delivered is not sent again; a failure is
/// recorded and thrown, so the queue retries it after a growing delay, and after the last try the
/// notice is marked failed (and the message moves to the poison queue). A partner gets each event's
/// id in <c>X-MinSheng-Event-Id</c> to discard the rare repeat (a crash between its 2xx and our record).
/// </summary>
public sealed partial class DeliverNotification(
    NotificationOutbox outbox, PartnerStore partners, IHttpClientFactory http, TimeProvider time, ILogger<DeliverNotification> logger) : IQueueFunction
{
    public const string HttpClientName = "partner-callbacks";
    public const string EventIdHeader = "X-MinSheng-Event-Id";
    private const int LastAttempt = 5;

    public async Task RunAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var request = System.Text.Json.JsonSerializer.Deserialize<NotificationMessage>(message.MessageText, System.Text.Json.JsonSerializerOptions.Web)
            ?? throw new FormatException("A notification message is empty.");
        var notice = await outbox.FindAsync(request.PartitionKey, request.RowKey, cancellationToken);
        if (notice is null || notice.Delivery != "pending")
        {
            return;
        }

        try
        {
            await SendAsync(notice, cancellationToken);
            notice.Delivery = "delivered";
            notice.DeliveredAt = time.GetUtcNow();
            notice.Attempts++;
            notice.LastError = null;
            await outbox.SaveAsync(notice, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CallbackRefusedException && !cancellationToken.IsCancellationRequested)
        {
            notice.Attempts++;
            notice.LastError = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
            notice.Delivery = message.DequeueCount >= LastAttempt ? "failed" : "pending";
            await outbox.SaveAsync(notice, cancellationToken);
            LogDeliveryFailed(notice.EventId, notice.PartitionKey, message.DequeueCount, notice.LastError);
            throw;
        }
    }

    private async Task SendAsync(Notification notice, CancellationToken cancellationToken)
    {
        if (notice.Channel != Notification.PartnerCallback)
        {
            return; // In-app notices are read where they are shown.
        }

        var partner = notice.PartnerId is null ? null : await partners.FindAsync(notice.PartnerId, cancellationToken);
        if (partner?.CallbackUrl is not { } url)
        {
            return; // The partner has no callback address (or is gone): nothing to send.
        }

        var body = Encoding.UTF8.GetBytes(NotificationOutbox.Serialize(new PartnerCallbackBody(
            notice.EventId, notice.TrackingCode ?? string.Empty, notice.PartnerRef, notice.Status ?? string.Empty, notice.StatusLabel, notice.Action, notice.Title, notice.Body, notice.At)));
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var callback = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        callback.Headers.Add(PartnerSignature.TimestampHeader, timestamp);
        callback.Headers.Add(PartnerSignature.SignatureHeader, PartnerSignature.Sign(partners.SecretOf(partner), timestamp, body));
        callback.Headers.Add(EventIdHeader, notice.EventId);
        using var response = await http.CreateClient(HttpClientName).SendAsync(callback, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CallbackRefusedException($"{(int)response.StatusCode} from {new Uri(url).Host}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {EventId} to {Recipient} failed (try {DequeueCount}): {Error}")]
    private partial void LogDeliveryFailed(string eventId, string recipient, long dequeueCount, string? error);
}

public sealed class CallbackRefusedException(string message) : Exception(message);
