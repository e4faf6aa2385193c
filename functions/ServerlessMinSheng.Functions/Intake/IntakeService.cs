using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Intake;

/// <summary>
/// Every channel ends here: requests are stored (one transaction per bucket), marked as awaiting triage,
/// and a triage message is queued. Storing is idempotent by tracking code, so a retried submission,
/// a partner re-posting its own id or a redelivered import chunk never makes a second request.
/// </summary>
public sealed class IntakeService(RequestStore requests, PendingTriage pending, ContactProtector contacts, TriggerQueues queues, DeploymentTime clock)
{
    public const string TriageQueue = "triage";

    public ResidentRequest ToEntity(string code, NewRequest input, string townId) => new()
    {
        PartitionKey = TrackingCode.Bucket(code),
        RowKey = code,
        Channel = input.Channel,
        PartnerId = input.PartnerId,
        PartnerRef = input.PartnerRef,
        ImportId = input.ImportId,
        ImportLine = input.ImportLine,
        EnteredBy = input.EnteredBy,
        ReceivedAt = input.ReceivedAt,
        Title = input.Title,
        Description = input.Description,
        CommunityId = input.CommunityId,
        TownId = townId,
        Address = input.Address,
        ProtectedContact = contacts.Protect(input.Phone),
        IsPublic = input.IsPublic,
        Status = RequestStatus.Received,
        Month = clock.Month(input.ReceivedAt),
    };

    /// <summary>Stores the requests of one bucket and queues their triage; returns the codes that were new.</summary>
    public async Task<IReadOnlySet<string>> SubmitAsync(string bucket, IReadOnlyList<ResidentRequest> batch, CancellationToken cancellationToken)
    {
        var hour = PendingTriage.HourOf(clock.Now);
        foreach (var request in batch)
        {
            request.IntakeHour = hour;
        }

        await pending.MarkAsync(hour, batch.Select(r => r.RowKey).ToList(), cancellationToken);
        var added = await requests.AddNewAsync(bucket, batch, cancellationToken);
        if (added.Count > 0)
        {
            await queues.SendJsonAsync(TriageQueue, new TriageRequested(bucket, added.ToList()), cancellationToken: cancellationToken);
        }

        var existing = batch.Select(r => r.RowKey).Where(c => !added.Contains(c)).ToList();
        if (existing.Count > 0)
        {
            await pending.ClearAsync(hour, existing, cancellationToken); // Already stored earlier; their own marker covers them.
        }

        return added;
    }
}
