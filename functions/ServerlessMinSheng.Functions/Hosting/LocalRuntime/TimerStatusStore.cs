using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Hosting.LocalRuntime;

/// <summary>
/// Remembers each timer's next due time (like the Functions host's schedule monitor), so a run missed
/// while the app was down happens once, marked past due, when it starts again.
/// </summary>
public sealed class TimerStatusStore(TableServiceClient tables)
{
    public const string TableName = "functiontimers";
    private const string Partition = "timers";
    private readonly TableClient _table = tables.GetTableClient(TableName);
    private bool _created;

    public async Task<DateTimeOffset?> GetNextDueAsync(string functionName, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityOrDefaultAsync<TableEntity>(Partition, functionName, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row?.GetDateTimeOffset("Next");
    }

    public async Task SaveAsync(string functionName, DateTimeOffset? last, DateTimeOffset next, CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }

        var row = new TableEntity(Partition, functionName) { ["Next"] = next };
        if (last is not null)
        {
            row["Last"] = last.Value;
        }

        await _table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }
}
