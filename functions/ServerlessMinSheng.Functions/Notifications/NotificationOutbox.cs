using System.Text.Json;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Projects;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>
/// Records notices and hands the ones that must be sent to the <c>notifications</c> queue. Recording
/// is idempotent (a notice that exists is left alone), so callers may publish the same event again
/// after a crash without doubling anything. A notice about an event in <see cref="ResidentMessages"/>
/// also makes one notice per enabled resident channel (SMS, WeChat) with keys of its own, so an event
/// a resident hears about through several notices (in-app and their partner's callback) is texted once.
/// </summary>
public sealed class NotificationOutbox(AppTables tables, TriggerQueues queues, RequestStore requests, IEnumerable<IResidentMessageChannel> residentChannels)
{
    public const string QueueName = "notifications";

    public async Task PublishAsync(IReadOnlyList<Notification> notices, CancellationToken cancellationToken)
    {
        if (notices.Count == 0)
        {
            return;
        }

        var table = await tables.GetAsync(Notification.TableName, cancellationToken);
        foreach (var notice in notices.Concat(await ResidentMessagesForAsync(notices, cancellationToken)))
        {
            Notification? stored;
            try
            {
                await table.AddEntityAsync(notice, cancellationToken);
                stored = notice;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
            {
                stored = await table.GetEntityOrDefaultAsync<Notification>(notice.PartitionKey, notice.RowKey, cancellationToken: cancellationToken);
            }

            if (stored is { Delivery: Notification.Pending } && stored.Channel != Notification.InApp)
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
        return await table.GetEntityOrDefaultAsync<Notification>(partitionKey, rowKey, cancellationToken: cancellationToken);
    }

    /// <summary>Replaces the notice if nobody changed it since it was read; a 412 <see cref="RequestFailedException"/> otherwise.</summary>
    public async Task SaveAsync(Notification notice, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Notification.TableName, cancellationToken);
        notice.ETag = (await table.UpdateEntityAsync(notice, notice.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag.GetValueOrDefault();
    }

    public static string ForRequest(string code) => $"request|{code}";

    public static string ForPartner(string partnerId) => $"partner|{partnerId}";

    public static string Serialize(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    /// <summary>A resident's in-app notices about the micro-project their request joined, as steps of the request's timeline.</summary>
    public static IEnumerable<TimelineEvent> ProjectSteps(IEnumerable<Notification> notices) =>
        notices.Where(n => n.Channel == Notification.InApp && n.Lifecycle == ProjectLifecycle.Name).Select(n => new TimelineEvent(n.At, $"project_{n.Action}", n.Title, n.Body));

    /// <summary>SMS and WeChat notices for the events residents are messaged about; none while those channels are off (the default).</summary>
    private async Task<IReadOnlyList<Notification>> ResidentMessagesForAsync(IReadOnlyList<Notification> notices, CancellationToken cancellationToken)
    {
        var channels = residentChannels.Where(c => c.Enabled).ToList();
        if (channels.Count == 0)
        {
            return [];
        }

        var made = new Dictionary<(string, string), Notification>();
        foreach (var aboutOneRequest in notices.Where(n => n.TrackingCode is not null && ResidentMessages.TextOf(n) is not null).GroupBy(n => n.TrackingCode!))
        {
            var request = await requests.FindAsync(aboutOneRequest.Key, cancellationToken);
            if (request is null)
            {
                continue;
            }

            foreach (var source in aboutOneRequest)
            {
                foreach (var channel in channels)
                {
                    if (channel.NoticeFor(source, request) is { } message)
                    {
                        made.TryAdd((message.PartitionKey, message.RowKey), message);
                    }
                }
            }
        }

        return [.. made.Values];
    }
}
