using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Storage;

/// <summary>
/// The app's tables, each created on first use and remembered. A failed creation (storage down) is
/// forgotten, so the next call tries again instead of the app needing a restart.
/// </summary>
public sealed class AppTables(TableServiceClient tables)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _ready = new(StringComparer.Ordinal);

    public async Task<TableClient> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var ready = _ready.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(n)));
        try
        {
            return await ready.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _ready.TryRemove(KeyValuePair.Create(name, ready));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var table = tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
        return table;
    }
}
