using System.Text.Json;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Intake;
using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Functions.Triage;

/// <summary>Queue trigger: triage the requests a channel just stored.</summary>
public sealed class TriageRequests(TriageService triage) : IQueueFunction
{
    public Task RunAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<TriageRequested>(message.MessageText, JsonSerializerOptions.Web)
            ?? throw new FormatException("A triage message is empty.");
        if (request.Codes.Count == 0 || request.Codes.Any(c => !TrackingCode.TryNormalize(c, out var code) || TrackingCode.Bucket(code) != request.Bucket))
        {
            throw new FormatException($"A triage message names codes outside bucket {request.Bucket}.");
        }

        return triage.TriageAsync(request.Bucket, request.Codes, cancellationToken);
    }
}

/// <summary>
/// Timer: every two minutes, requests stored but not triaged after two minutes (their message lost,
/// or the process died between storing and queueing) are queued again; markers of requests already
/// triaged or never stored are cleared. Reads only the last 7 days of markers, so its cost does not
/// grow with history. While the triage queue still holds messages (a backlog) it waits: re-queueing
/// every waiting request then would only double the backlog; a lost one is re-queued once it drains.
/// </summary>
public sealed class TriageSweep(PendingTriage pending, RequestStore requests, TriggerQueues queues, QueueServiceClient queueService) : ITimerFunction
{
    public const string Schedule = "30 */2 * * * *";

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        try
        {
            if ((await queueService.GetQueueClient(IntakeService.TriageQueue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount > 0)
            {
                return;
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "QueueNotFound")
        {
            // Nothing was ever queued: any marker is a request whose message never went out.
        }

        var stale = await pending.StaleAsync(TimeSpan.FromMinutes(2), TimeSpan.FromDays(7), cancellationToken);
        foreach (var bucket in stale.GroupBy(m => TrackingCode.Bucket(m.RowKey)))
        {
            var stored = await requests.FindManyAsync(bucket.Key, bucket.Select(m => m.RowKey).ToList(), cancellationToken);
            var needTriage = stored.Where(r => r.Status == RequestStatus.Received || r.ProjectedAt is null).Select(r => r.Code).ToList();
            if (needTriage.Count > 0)
            {
                await queues.SendJsonAsync(IntakeService.TriageQueue, new TriageRequested(bucket.Key, needTriage), cancellationToken: cancellationToken);
            }

            var done = bucket.Where(m => !needTriage.Contains(m.RowKey)).ToList();
            foreach (var hour in done.GroupBy(m => m.PartitionKey))
            {
                await pending.ClearAsync(hour.Key, hour.Select(m => m.RowKey).ToList(), cancellationToken);
            }
        }
    }
}
