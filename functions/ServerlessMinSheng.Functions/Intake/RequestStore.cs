using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Intake;

/// <summary>Reads and writes requests; a bucket's requests go to storage together.</summary>
public sealed class RequestStore(AppTables tables)
{
    public async Task<ResidentRequest?> FindAsync(string code, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ResidentRequest.TableName, cancellationToken);
        return await table.GetEntityOrDefaultAsync<ResidentRequest>(TrackingCode.Bucket(code), code, cancellationToken: cancellationToken);
    }

    /// <summary>The requests among <paramref name="codes"/> that exist, all from one bucket.</summary>
    public async Task<IReadOnlyList<ResidentRequest>> FindManyAsync(string bucket, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ResidentRequest.TableName, cancellationToken);
        if (codes.Count == 1)
        {
            var one = await table.GetEntityOrDefaultAsync<ResidentRequest>(bucket, codes.First(), cancellationToken: cancellationToken);
            return one is null ? [] : [one];
        }

        var wanted = codes.ToHashSet(StringComparer.Ordinal);
        var all = await table.QueryAsync<ResidentRequest>(TableClient.CreateQueryFilter($"PartitionKey eq {bucket}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return all.Where(r => wanted.Contains(r.RowKey)).ToList();
    }

    /// <summary>
    /// Adds the requests of one bucket atomically, skipping any that already exist (a redelivered
    /// batch, a partner posting the same item again). Returns the codes that were new.
    /// </summary>
    public async Task<IReadOnlySet<string>> AddNewAsync(string bucket, IReadOnlyList<ResidentRequest> requests, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ResidentRequest.TableName, cancellationToken);
        var pending = requests.ToList();
        var added = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var chunk = pending.Take(TableTransactions.MaxActions).ToList();
            try
            {
                await table.SubmitBatchAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)).ToList(), cancellationToken);
                added.UnionWith(chunk.Select(r => r.RowKey));
                pending.RemoveRange(0, chunk.Count);
            }
            catch (TableTransactionFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
            {
                var existing = (await FindManyAsync(bucket, chunk.Select(r => r.RowKey).ToList(), cancellationToken)).Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
                pending.RemoveAll(r => existing.Contains(r.RowKey));
            }
        }

        return added;
    }

    /// <summary>Saves changes to requests read earlier, one transaction per bucket; a concurrent change fails the whole save.</summary>
    public async Task SaveAsync(IReadOnlyList<ResidentRequest> requests, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ResidentRequest.TableName, cancellationToken);
        foreach (var bucket in requests.GroupBy(r => r.PartitionKey))
        {
            foreach (var chunk in bucket.Chunk(TableTransactions.MaxActions))
            {
                try
                {
                    var etags = await table.SubmitBatchAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateReplace, r, r.ETag)).ToList(), cancellationToken);
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        chunk[i].ETag = etags[i];
                    }
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 412)
                {
                    throw StorageFailures.Conflict(ex);
                }
            }
        }
    }
}
