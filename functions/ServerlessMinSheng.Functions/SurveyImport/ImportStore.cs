using System.Text.Json;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Storage.Blobs;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.SurveyImport;

/// <summary>
/// Imports and their pieces: the record (table), the uploaded file, the parsed chunks and the rejected
/// rows (blobs: a chunk of a few hundred rows does not fit a queue message), and a done-marker per chunk.
/// </summary>
public sealed class ImportStore(AppTables tables, BlobServiceClient blobs)
{
    public const string ContainerName = "imports";
    public const string ChunksTable = "importchunks";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(ContainerName);

    public async Task<ImportRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length != 16 || !id.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var table = await tables.GetAsync(ImportRecord.TableName, cancellationToken);
        return await table.GetEntityOrDefaultAsync<ImportRecord>(ImportRecord.Partition, id, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<ImportRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ImportRecord.TableName, cancellationToken);
        var all = await table.QueryAsync<ImportRecord>(TableClient.CreateQueryFilter($"PartitionKey eq {ImportRecord.Partition}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return all.OrderByDescending(r => r.UploadedAt).ToList();
    }

    /// <summary>Adds the record; false when this file was uploaded before.</summary>
    public async Task<bool> TryCreateAsync(ImportRecord record, ReadOnlyMemory<byte> file, CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _container.GetBlobClient(record.BlobName).UploadBytesAsync(file, overwrite: true, cancellationToken: cancellationToken);
        var table = await tables.GetAsync(ImportRecord.TableName, cancellationToken);
        try
        {
            record.ETag = (await table.AddEntityAsync(record, cancellationToken)).Headers.ETag.GetValueOrDefault();
            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
        {
            return false;
        }
    }

    public async Task SaveAsync(ImportRecord record, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ImportRecord.TableName, cancellationToken);
        record.ETag = (await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag.GetValueOrDefault();
    }

    public async Task<byte[]> ReadFileAsync(ImportRecord record, CancellationToken cancellationToken) =>
        (await _container.GetBlobClient(record.BlobName).DownloadBytesAsync(cancellationToken)).ToArray();

    public Task WriteChunkAsync(string id, int chunk, IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken) =>
        _container.GetBlobClient(ChunkBlob(id, chunk)).UploadBytesAsync(JsonSerializer.SerializeToUtf8Bytes(rows), overwrite: true, contentType: "application/json", cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<ImportRow>> ReadChunkAsync(string id, int chunk, CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize<List<ImportRow>>((await _container.GetBlobClient(ChunkBlob(id, chunk)).DownloadBytesAsync(cancellationToken)).Span) ?? [];

    public Task WriteRejectedAsync(string id, IReadOnlyList<RejectedRow> rejected, CancellationToken cancellationToken) =>
        _container.GetBlobClient($"{id}/rejected.json").UploadBytesAsync(JsonSerializer.SerializeToUtf8Bytes(rejected), overwrite: true, contentType: "application/json", cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<RejectedRow>> ReadRejectedAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return JsonSerializer.Deserialize<List<RejectedRow>>((await _container.GetBlobClient($"{id}/rejected.json").DownloadBytesAsync(cancellationToken)).Span) ?? [];
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    public async Task MarkChunkDoneAsync(string id, int chunk, int imported, int existing, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ChunksTable, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(id, chunk.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)) { ["Imported"] = imported, ["Existing"] = existing }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<(int ChunksDone, int ImportedRows)> ProgressAsync(string id, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ChunksTable, cancellationToken);
        var rows = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return (rows.Count, rows.Sum(r => (r.GetInt32("Imported") ?? 0) + (r.GetInt32("Existing") ?? 0)));
    }

    private static string ChunkBlob(string id, int chunk) => $"{id}/chunks/{chunk:D5}.json";
}
