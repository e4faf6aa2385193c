using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>
/// One notice about one lifecycle event for one recipient on one channel. The row key is the event
/// id plus the channel, so the same event can never make a second notice for the same recipient.
/// Never holds a phone number: the SMS channel reads it from the request when it sends.
/// </summary>
public sealed class Notification : ITableEntity
{
    public const string TableName = "notifications";

    /// <summary>In-app: shown on the resident's tracking page (or a staff inbox); nothing to send.</summary>
    public const string InApp = "inapp";

    /// <summary>A signed callback to the partner system the request came from (the 12345 hotline calls the resident back).</summary>
    public const string PartnerCallback = "partner";

    /// <summary>A text message to the resident's call-back number, through the SMS gateway (off unless configured).</summary>
    public const string Sms = "sms";

    /// <summary>A WeChat template message to a resident who wrote in through the WeChat account (off unless configured).</summary>
    public const string WeChat = "wechat";

    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Nothing to send it to (no callback address, no phone number, the channel switched off since).</summary>
    public const string Skipped = "skipped";

    /// <summary>Gave up after the last try.</summary>
    public const string Failed = "failed";

    /// <summary>Recipient: <c>request|{code}</c> for the resident of a request, <c>partner|{id}</c> for a partner system.</summary>
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary><c>{eventId}|{channel}</c>.</summary>
    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Channel { get; set; } = InApp;

    /// <summary><c>{lifecycle}:{key}:{version}</c> — the history event this notice is about (plus <c>:{code}</c> when one project event reaches many residents).</summary>
    public string EventId { get; set; } = string.Empty;

    public string Lifecycle { get; set; } = string.Empty;

    public string EntityKey { get; set; } = string.Empty;

    public int Version { get; set; }

    public string Action { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? Body { get; set; }

    public DateTimeOffset At { get; set; }

    public string? TrackingCode { get; set; }

    public string? PartnerId { get; set; }

    public string? PartnerRef { get; set; }

    public string? Status { get; set; }

    public string? StatusLabel { get; set; }

    /// <summary><see cref="Pending"/>, <see cref="Delivered"/>, <see cref="Skipped"/> or <see cref="Failed"/>.</summary>
    public string Delivery { get; set; } = Pending;

    public int Attempts { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>The queue message sending this notice now; a second copy of the message leaves it alone until <see cref="SendingUntil"/>.</summary>
    public string? SendingBy { get; set; }

    public DateTimeOffset? SendingUntil { get; set; }

    public static string EventIdOf(string lifecycle, string key, int version) => $"{lifecycle}:{key}:{version}";
}

public sealed record NotificationMessage(string PartitionKey, string RowKey);
