using System.Globalization;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Intake;

/// <summary>
/// The safety net under "stored, then queued for triage": a marker per request, written before the
/// request and removed after its triage. If the process dies between storing and queueing, or a triage
/// message is lost, the sweep finds the marker and queues the request again. Markers are partitioned by
/// hour, so the sweep reads only recent hours and its cost never grows with history.
/// </summary>
public sealed class PendingTriage(AppTables tables, TimeProvider time)
{
    public const string TableName = "triagepending";

    public static string HourOf(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    public async Task MarkAsync(string hour, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        foreach (var chunk in codes.Chunk(TableTransactions.MaxActions))
        {
            await table.SubmitBatchAsync(
                chunk.Select(code => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(hour, code) { ["MarkedAt"] = time.GetUtcNow() })).ToList(),
                cancellationToken);
        }
    }

    public async Task ClearAsync(string hour, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        foreach (var chunk in codes.Chunk(TableTransactions.MaxActions))
        {
            try
            {
                await table.SubmitBatchAsync(chunk.Select(code => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(hour, code))).ToList(), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                foreach (var code in chunk)
                {
                    await table.DeleteEntityAsync(hour, code, cancellationToken: cancellationToken);
                }
            }
        }
    }

    /// <summary>Markers older than <paramref name="olderThan"/> from the last <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<TableEntity>> StaleAsync(TimeSpan olderThan, TimeSpan window, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var now = time.GetUtcNow();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {HourOf(now - window)} and PartitionKey le {HourOf(now)}");
        var markers = await table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return markers.Where(m => m.GetDateTimeOffset("MarkedAt") is { } marked && now - marked > olderThan).ToList();
    }
}
