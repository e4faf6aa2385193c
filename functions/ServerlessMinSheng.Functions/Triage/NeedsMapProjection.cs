using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Triage;

/// <summary>A change to the needs map: this many more (or fewer) requests of a theme in a community in a month.</summary>
public sealed record NeedsMapDelta(string Month, string CommunityId, string Theme, int Count);

/// <summary>
/// The 民生需求图 counters: one partition per month, a counter row per community × theme. Each batch of
/// changes is applied once, atomically with a marker row named by the batch's key, so a redelivered
/// triage or review message never counts twice. Concurrent writers to a month are reconciled by ETag
/// and retried.
/// </summary>
public sealed class NeedsMapProjection(AppTables tables) : IDisposable
{
    public const string TableName = "needsmap";
    private const int MaxCountersPerTransaction = 90;

    // Writers in this instance take turns per month. Every triage batch touches the same few counters, so
    // without turns they all read the same ETags and all but one lose, re-read and retry after a back-off:
    // a 20,000-row import made 1,401 failed transactions that way. Other instances still meet ETag
    // conflicts and retry, as before.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);

    public static string Partition(string month) => "m|" + month;

    public static string CounterKey(string communityId, string theme) => "c|" + communityId + "|" + theme;

    /// <summary>A stable key for a set of contributions (e.g. the codes of one triage batch).</summary>
    public static string KeyFor(string prefix, IEnumerable<string> parts) =>
        prefix + "|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', parts.Order(StringComparer.Ordinal)))))[..24];

    public async Task ApplyAsync(string batchKey, IEnumerable<NeedsMapDelta> deltas, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        foreach (var month in deltas.Where(d => d.Count != 0).GroupBy(d => d.Month))
        {
            var counters = month.GroupBy(d => CounterKey(d.CommunityId, d.Theme)).Select(g => (Key: g.Key, Count: g.Sum(d => d.Count))).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
            var parts = counters.Chunk(MaxCountersPerTransaction).ToList();
            var turn = _turns.GetOrAdd(Partition(month.Key), _ => new SemaphoreSlim(1, 1));
            await turn.WaitAsync(cancellationToken);
            try
            {
                for (var i = 0; i < parts.Count; i++)
                {
                    await ApplyPartAsync(table, Partition(month.Key), $"~{batchKey}|{i}", parts[i], cancellationToken);
                }
            }
            finally
            {
                turn.Release();
            }
        }
    }

    public void Dispose()
    {
        foreach (var turn in _turns.Values)
        {
            turn.Dispose();
        }
    }

    public async Task<IReadOnlyList<TableEntity>> ReadMonthAsync(string month, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(month)} and RowKey ge {"c|"} and RowKey lt {"c}"}");
        return await table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
    }

    private static async Task ApplyPartAsync(TableClient table, string partition, string marker, (string Key, int Count)[] counters, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {counters[0].Key} and RowKey le {counters[^1].Key}");
            var current = (await table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ToListAsync(cancellationToken)).ToDictionary(e => e.RowKey, StringComparer.Ordinal);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, new TableEntity(partition, marker)) };
            foreach (var (key, count) in counters)
            {
                if (current.TryGetValue(key, out var row))
                {
                    actions.Add(new(TableTransactionActionType.UpdateReplace, new TableEntity(partition, key) { ["Count"] = (row.GetInt32("Count") ?? 0) + count }, row.ETag));
                }
                else
                {
                    actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, key) { ["Count"] = count }));
                }
            }

            try
            {
                await table.SubmitBatchAsync(actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.ErrorCode == "EntityAlreadyExists")
            {
                return; // This batch was applied before: a redelivery.
            }
            catch (TableTransactionFailedException ex) when (attempt < 20 && (ex.Status == 412 || ex.ErrorCode == "EntityAlreadyExists"))
            {
                await Task.Delay(Random.Shared.Next(5, 25 * (attempt + 1)), cancellationToken); // Another batch changed a counter first; read again.
            }
        }
    }
}
