using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;

namespace ServerlessMinSheng.Functions.Storage;

/// <summary>One page of query results; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record TablePage<T>(IReadOnlyList<T> Values, string? ContinuationToken);

/// <summary>The few shapes the app asks of the SDK clients again and again, written once.</summary>
public static class StorageExtensions
{
    /// <summary>Reads one entity by its keys; null when there is none.</summary>
    public static async Task<T?> GetEntityOrDefaultAsync<T>(this TableClient table, string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(table);
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>One page of a query, for paging through results a screen at a time.</summary>
    public static async Task<TablePage<T>> QueryPageAsync<T>(
        this TableClient table,
        string? filter = null,
        int? maxPerPage = null,
        IEnumerable<string>? select = null,
        string? continuationToken = null,
        CancellationToken cancellationToken = default)
        where T : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(table);
        await foreach (var page in table.QueryAsync<T>(filter, maxPerPage, select, cancellationToken).AsPages(continuationToken, maxPerPage).ConfigureAwait(false))
        {
            return new TablePage<T>(page.Values, page.ContinuationToken);
        }

        return new TablePage<T>([], null);
    }

    /// <summary>
    /// Adds a message that never expires (the SDK's default is 7 days, which would drop a durable timer or
    /// a message that waited out an outage). <paramref name="delay"/> of up to 7 days makes it a timer.
    /// </summary>
    public static async Task<Azure.Storage.Queues.Models.SendReceipt> SendDurableMessageAsync(this QueueClient queue, string messageText, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return await queue.SendMessageAsync(messageText, delay, TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a received message; false when it was already gone (deleted, expired, or its receipt is stale).</summary>
    public static async Task<bool> TryDeleteMessageAsync(this QueueClient queue, string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            await queue.DeleteMessageAsync(messageId, popReceipt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == "PopReceiptMismatch")
        {
            return false;
        }
    }

    /// <summary>Uploads bytes with a content type; without <paramref name="overwrite"/> an existing blob fails with 409 <c>BlobAlreadyExists</c>.</summary>
    public static async Task<ETag> UploadBytesAsync(this BlobClient blob, ReadOnlyMemory<byte> content, bool overwrite = false, string contentType = "application/octet-stream", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            var response = await blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false);
            return response.Value.ETag;
        }
        catch (RequestFailedException ex) when (!overwrite && ex.Status == 412)
        {
            throw new RequestFailedException(409, $"The blob {blob.BlobContainerName}/{blob.Name} already exists.", "BlobAlreadyExists", ex);
        }
    }

    /// <summary>The blob's bytes.</summary>
    public static async Task<ReadOnlyMemory<byte>> DownloadBytesAsync(this BlobClient blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return response.Value.Content.ToMemory();
    }
}

/// <summary>Queue Storage's limits the app designs around.</summary>
public static partial class QueueLimits
{
    /// <summary>The most messages one receive call returns.</summary>
    public const int MaxMessagesPerReceive = 32;

    /// <summary>3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial System.Text.RegularExpressions.Regex NamePattern();
}
