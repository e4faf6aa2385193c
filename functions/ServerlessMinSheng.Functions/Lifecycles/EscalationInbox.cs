using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Lifecycles;

/// <summary>Tells whether an escalation row still describes the entity: same state, same stay in it.</summary>
public interface IEscalationSource
{
    string Lifecycle { get; }

    Task<bool> IsCurrentAsync(EscalationRow row, CancellationToken cancellationToken);
}

/// <summary>
/// The escalation inbox of each receiving level: a town/street's supervisors (<c>town|{id}</c>) and the
/// district (<c>district</c>). A row stays until the escalated step is done; reads drop rows that no
/// longer describe their entity.
/// </summary>
public sealed class EscalationInbox(AppTables tables)
{
    public const string District = "district";

    public static string Town(string townId) => $"town|{townId}";

    public static string Coordinator(string username) => $"coordinator|{username}";

    public async Task PutAsync(IReadOnlyList<EscalationRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = await tables.GetAsync(EscalationRow.TableName, cancellationToken);
        foreach (var row in rows)
        {
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Clears an entity's rows at both levels once the escalated step is done.</summary>
    public async Task ClearAsync(string lifecycle, string key, string townId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(EscalationRow.TableName, cancellationToken);
        foreach (var inbox in new[] { Town(townId), District })
        {
            await table.DeleteEntityAsync(inbox, EscalationRow.RowKeyFor(lifecycle, key), cancellationToken: cancellationToken);
        }
    }

    /// <summary>The escalations still open in one inbox; <paramref name="sources"/> judge their rows.</summary>
    public async Task<IReadOnlyList<EscalationRow>> ListAsync(string inbox, IEnumerable<IEscalationSource> sources, CancellationToken cancellationToken)
    {
        var judges = sources.ToDictionary(s => s.Lifecycle, StringComparer.Ordinal);
        var table = await tables.GetAsync(EscalationRow.TableName, cancellationToken);
        var rows = await table.QueryAsync<EscalationRow>(TableClient.CreateQueryFilter($"PartitionKey eq {inbox}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var current = new List<EscalationRow>();
        foreach (var row in rows)
        {
            if (judges.TryGetValue(row.Lifecycle, out var source) && await source.IsCurrentAsync(row, cancellationToken))
            {
                current.Add(row);
            }
            else
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
            }
        }

        return current.OrderBy(r => r.EscalatedAt).ToList();
    }
}
