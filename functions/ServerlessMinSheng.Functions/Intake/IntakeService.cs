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

    /// <summary>Where the <paramref name="probe"/>th candidate code for a key lies in a bucket.</summary>
    public delegate string CodeFor(string bucket, string sourceKey, int index, int probe);

    /// <summary>Codes hashed from the key; a clash with another key's request moves to the next probe.</summary>
    public static readonly CodeFor HashedCodes = (bucket, key, _, probe) => TrackingCode.For(bucket, probe == 0 ? key : $"{key}#{probe}");

    /// <summary>
    /// Stores the items of one bucket and queues their triage. An item whose key is already stored is
    /// reported as existing (same code, nothing new); an item whose code is taken by a different key moves
    /// to its next candidate code, deterministically, so asking again finds the same code. With
    /// <paramref name="queueTriage"/> false the caller triages the bucket itself (bulk imports).
    /// </summary>
    public async Task<IReadOnlyList<IntakeOutcome>> SubmitAsync(string bucket, IReadOnlyList<IntakeItem> items, CodeFor codeFor, CancellationToken cancellationToken, bool queueTriage = true)
    {
        var probes = new int[items.Count];
        var outcomes = new IntakeOutcome?[items.Count];
        var hour = PendingTriage.HourOf(clock.Now);
        while (true)
        {
            var codes = items.Select((item, i) => codeFor(bucket, item.SourceKey, i, probes[i])).ToArray();
            if (BumpDuplicates(codes, probes, outcomes))
            {
                continue;
            }

            var stored = (await requests.FindManyAsync(bucket, codes.Where((_, i) => outcomes[i] is null).ToList(), cancellationToken)).ToDictionary(r => r.Code, StringComparer.Ordinal);
            var clashed = false;
            var fresh = new List<ResidentRequest>();
            for (var i = 0; i < items.Count; i++)
            {
                if (outcomes[i] is not null)
                {
                    continue;
                }

                if (stored.TryGetValue(codes[i], out var existing))
                {
                    if (existing.SourceKey == items[i].SourceKey)
                    {
                        outcomes[i] = new IntakeOutcome(codes[i], Created: false);
                    }
                    else
                    {
                        probes[i]++;
                        clashed = true;
                    }
                }
                else
                {
                    fresh.Add(ToEntity(codes[i], items[i], hour));
                }
            }

            if (clashed)
            {
                continue;
            }

            if (fresh.Count > 0)
            {
                await pending.MarkAsync(hour, fresh.Select(r => r.Code).ToList(), cancellationToken);
                var added = await requests.AddNewAsync(bucket, fresh, cancellationToken);
                if (added.Count > 0 && queueTriage)
                {
                    await queues.SendJsonAsync(TriageQueue, new TriageRequested(bucket, added.ToList()), cancellationToken: cancellationToken);
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (outcomes[i] is null && added.Contains(codes[i]))
                    {
                        outcomes[i] = new IntakeOutcome(codes[i], Created: true);
                        Telemetry.AppTelemetry.RequestReceived(items[i].Request.Channel.ToString());
                    }
                }

                if (added.Count < fresh.Count)
                {
                    continue; // Someone stored one of these codes between our read and our write: resolve again.
                }
            }

            return outcomes.Select(o => o!).ToList();
        }
    }

    private static bool BumpDuplicates(string[] codes, int[] probes, IntakeOutcome?[] outcomes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var bumped = false;
        for (var i = 0; i < codes.Length; i++)
        {
            if (outcomes[i] is null && !seen.Add(codes[i]))
            {
                probes[i]++;
                bumped = true;
            }
        }

        return bumped;
    }

    private ResidentRequest ToEntity(string code, IntakeItem item, string hour)
    {
        var input = item.Request;
        return new ResidentRequest
        {
            PartitionKey = TrackingCode.Bucket(code),
            RowKey = code,
            SourceKey = item.SourceKey,
            Channel = input.Channel,
            PartnerId = input.PartnerId,
            PartnerRef = input.PartnerRef,
            ImportId = input.ImportId,
            ImportLine = input.ImportLine,
            EnteredBy = input.EnteredBy,
            ReceivedAt = input.ReceivedAt,
            IntakeHour = hour,
            Title = input.Title,
            Description = input.Description,
            CommunityId = input.CommunityId,
            TownId = item.TownId,
            Address = input.Address,
            ProtectedContact = contacts.Protect(input.Phone),
            IsPublic = input.IsPublic,
            Status = RequestStatus.Received,
            Month = clock.Month(input.ReceivedAt),
        };
    }
}
