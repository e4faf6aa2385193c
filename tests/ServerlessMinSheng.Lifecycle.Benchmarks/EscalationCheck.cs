using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Lifecycles;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Lifecycle.Benchmarks;

/// <summary>
/// After the sweeps, reads storage directly (not through the app) and counts the seeded requests that
/// are not exactly where <paramref name="level"/> escalations should leave them: still dispatched, at
/// escalation level and version <c>1 + level</c>, exactly <paramref name="level"/> escalate_sign events
/// in their history, the fired deadline rows gone (and at level 1 the district's deadline pending), and
/// a row in the receiving inbox.
/// </summary>
internal static class EscalationCheck
{
    public static async Task<IReadOnlyList<string>> ProblemsAsync(LifecycleSite site, IReadOnlyList<Seeded> seeded, int level)
    {
        var codes = seeded.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var requestsTable = StorageClients.Tables(site.ConnectionString).GetTableClient(ResidentRequest.TableName);
        var requests = (await requestsTable.QueryAsync<ResidentRequest>(TableClient.CreateQueryFilter($"Status eq {nameof(RequestStatus.Dispatched)}"), select: ["RowKey", "Version", "EscalationLevel", "Status"]).ToListAsync())
            .Where(r => codes.Contains(r.RowKey)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var events = (await requestsTable.QueryAsync<LifecycleEvent>(TableClient.CreateQueryFilter($"Action eq {RequestLifecycle.EscalateSign}"), select: ["EntityKey"]).ToListAsync())
            .Where(e => codes.Contains(e.EntityKey)).GroupBy(e => e.EntityKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var deadlines = (await StorageClients.Tables(site.ConnectionString).GetTableClient(DeadlineIndex.TableName).QueryAsync<DeadlineRow>().ToListAsync())
            .Where(d => codes.Contains(d.EntityKey)).GroupBy(d => d.EntityKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var inbox = level == 1 ? EscalationInbox.Town(site.TownId) : EscalationInbox.District;
        var escalated = (await StorageClients.Tables(site.ConnectionString).GetTableClient(EscalationRow.TableName).QueryAsync<EscalationRow>(TableClient.CreateQueryFilter($"PartitionKey eq {inbox}"), select: ["EntityKey", "Level"]).ToListAsync())
            .Where(e => e.Level == level).Select(e => e.EntityKey).ToHashSet(StringComparer.Ordinal);

        var problems = new List<string>();
        foreach (var code in codes)
        {
            if (!requests.TryGetValue(code, out var request))
            {
                problems.Add($"{code}: not in the dispatched state");
                continue;
            }

            if (request.Version != 1 + level || request.EscalationLevel != level)
            {
                problems.Add($"{code}: version {request.Version}, escalation level {request.EscalationLevel}");
            }

            if (events.GetValueOrDefault(code) != level)
            {
                problems.Add($"{code}: {events.GetValueOrDefault(code)} escalate_sign events in its history");
            }

            var pending = deadlines.GetValueOrDefault(code) ?? [];
            var expected = level == 1 && pending.Count == 1 && pending[0].Version == 2 && pending[0].Timer == RequestLifecycle.SignDue;
            if (level == 1 ? !expected : pending.Count != 0)
            {
                problems.Add($"{code}: pending deadlines {string.Join(", ", pending.Select(p => $"v{p.Version} {p.Timer}"))}");
            }

            if (!escalated.Contains(code))
            {
                problems.Add($"{code}: no level-{level} row in inbox {inbox}");
            }
        }

        return problems;
    }
}
