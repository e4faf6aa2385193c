using System.Text.Json;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Storage;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>
/// One notice about one lifecycle event for one recipient on one channel. The row key is the event
/// id plus the channel, so the same event can never make a second notice for the same recipient.
/// </summary>
public sealed class Notification : ITableEntity
{
    public const string TableName = "notifications";

    /// <summary>In-app: shown on the resident's tracking page (or a staff inbox); nothing to send.</summary>
    public const string InApp = "inapp";

    /// <summary>A signed callback to the partner system the request came from (the 12345 hotline calls the resident back).</summary>
    public const string PartnerCallback = "partner";

    /// <summary>Recipient: <c>request|{code}</c> for the resident of a request, <c>partner|{id}</c> for a partner system.</summary>
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary><c>{eventId}|{channel}</c>.</summary>
    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Channel { get; set; } = InApp;

    /// <summary><c>{lifecycle}:{key}:{version}</c> — the history event this notice is about.</summary>
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

    /// <summary>pending, delivered or failed (gave up after the queue's last retry).</summary>
    public string Delivery { get; set; } = "pending";

    public int Attempts { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }

    public static string EventIdOf(string lifecycle, string key, int version) => $"{lifecycle}:{key}:{version}";
}

public sealed record NotificationMessage(string PartitionKey, string RowKey);

/// <summary>
/// Records notices and hands the ones that must be sent to the <c>notifications</c> queue. Recording
/// is idempotent (a notice that exists is left alone), so callers may publish the same event again
/// after a crash without doubling anything.
/// </summary>
public sealed class NotificationOutbox(AppTables tables, TriggerQueues queues)
{
    public const string QueueName = "notifications";

    public async Task PublishAsync(IReadOnlyList<Notification> notices, CancellationToken cancellationToken)
    {
        if (notices.Count == 0)
        {
            return;
        }

        var table = await tables.GetAsync(Notification.TableName, cancellationToken);
        foreach (var notice in notices)
        {
            Notification? stored;
            try
            {
                await table.AddEntityAsync(notice, cancellationToken);
                stored = notice;
            }
            catch (StorageRequestFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
            {
                stored = await table.GetEntityIfExistsAsync<Notification>(notice.PartitionKey, notice.RowKey, cancellationToken: cancellationToken);
            }

            if (stored is { Delivery: "pending" } && stored.Channel != Notification.InApp)
            {
                // Sent again only while still pending: the deliverer checks the record before sending.
                await queues.SendJsonAsync(QueueName, new NotificationMessage(stored.PartitionKey, stored.RowKey), cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>A recipient's notices, newest first.</summary>
    public async Task<IReadOnlyList<Notification>> ForAsync(string recipient, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Notification.TableName, cancellationToken);
        var rows = await table.QueryAsync<Notification>(TableClient.CreateQueryFilter($"PartitionKey eq {recipient}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return rows.OrderByDescending(n => n.At).ToList();
    }

    public async Task<Notification?> FindAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Notification.TableName, cancellationToken);
        return await table.GetEntityIfExistsAsync<Notification>(partitionKey, rowKey, cancellationToken: cancellationToken);
    }

    public async Task SaveAsync(Notification notice, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Notification.TableName, cancellationToken);
        notice.ETag = await table.UpdateEntityAsync(notice, notice.ETag, TableUpdateMode.Replace, cancellationToken);
    }

    public static string ForRequest(string code) => $"request|{code}";

    public static string ForPartner(string partnerId) => $"partner|{partnerId}";

    public static string Serialize(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
