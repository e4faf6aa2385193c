using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Storage;

/// <summary>
/// Entity-group transactions with the service's rules checked before sending: one partition, at most 100
/// actions, no row twice, under 4 MiB. The SDK checks none of this and Azurite accepts a batch that spans
/// partitions, which Azure Storage refuses — so without the guard a bug would pass every test and fail in
/// production.
/// </summary>
public static class TableTransactions
{
    public const int MaxActions = 100;

    // The service's limit is 4 MiB for the whole multipart body; the estimate below counts each entity's
    // JSON and leaves room for the per-action headers.
    private const int MaxBytes = 4 * 1024 * 1024;
    private const int HeaderAllowance = 1024;

    /// <summary>Applies the actions atomically and returns each action's new ETag (empty for deletes), in order.</summary>
    public static async Task<IReadOnlyList<ETag>> SubmitBatchAsync(this TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        Validate(actions);
        var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        return response.Value.Select(r => r.Headers.ETag ?? default).ToList();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the broken rule; public so tests can check the rules alone.</summary>
    public static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} actions, not {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var action in actions)
        {
            var entity = action.Entity;
            if (!string.Equals(entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException($"All actions of a transaction must be in one partition; found '{partition}' and '{entity.PartitionKey}'.", nameof(actions));
            }

            if (!rows.Add(entity.RowKey))
            {
                throw new ArgumentException($"RowKey '{entity.RowKey}' appears twice in one transaction.", nameof(actions));
            }

            bytes += HeaderAllowance + EstimateBytes(entity);
        }

        if (bytes > MaxBytes)
        {
            throw new ArgumentException($"The transaction is about {bytes:N0} bytes; at most 4 MiB are allowed. Split it.", nameof(actions));
        }
    }

    private static long EstimateBytes(ITableEntity entity)
    {
        if (entity is TableEntity bag)
        {
            return bag.Sum(p => Encoding.UTF8.GetByteCount(p.Key) + ValueBytes(p.Value));
        }

        return JsonSerializer.SerializeToUtf8Bytes(entity, entity.GetType()).LongLength;
    }

    private static long ValueBytes(object? value) => value switch
    {
        null => 4,
        string s => Encoding.UTF8.GetByteCount(s) + 2,
        byte[] b => (b.LongLength + 2) / 3 * 4,
        BinaryData d => (d.ToMemory().Length + 2) / 3 * 4,
        _ => 40,
    };
}
