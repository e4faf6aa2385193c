using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ServerlessMinSheng.Storage.Tables;

public sealed partial class TableClient
{
    public const int MaxTransactionActions = 100;
    private const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Applies up to 100 operations on one partition atomically: all succeed or none does. Returns the new
    /// ETag of each action (empty for deletes), in order. The partition rule is checked here because
    /// Azurite accepts batches that span partitions and the real service does not.
    /// </summary>
    public async Task<IReadOnlyList<ETag>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        var list = actions as IReadOnlyList<TableTransactionAction> ?? actions.ToList();
        ValidateTransaction(list);

        var batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        var body = BuildBatchBody(list, batchBoundary, changesetBoundary);
        if (body.Length > MaxTransactionBytes)
        {
            throw new ArgumentException($"The transaction is {body.Length:N0} bytes; at most 4 MiB are allowed.", nameof(actions));
        }

        var request = Request(HttpMethod.Post, "$batch").WithBody(body, "multipart/mixed; boundary=" + batchBoundary);
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var operation = $"Transaction of {list.Count} on {Name}({list[0].Entity.PartitionKey})";
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await response.EnsureSuccessAsync(operation, cancellationToken).ConfigureAwait(false);
            throw StorageErrors.Create((int)response.StatusCode, null, operation, "unexpected status");
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var parts = ParseBatchResponse(text);
        var failed = parts.FirstOrDefault(p => p.Status >= 400);
        if (failed is not null)
        {
            throw TransactionFailure(operation, failed, list.Count);
        }

        if (parts.Count != list.Count)
        {
            throw new StorageRequestFailedException((int)response.StatusCode, null, $"{operation}: the service answered {parts.Count} results for {list.Count} actions.");
        }

        return parts.Select(p => p.ETag is null ? default : new ETag(p.ETag)).ToList();
    }

    private static void ValidateTransaction(IReadOnlyList<TableTransactionAction> list)
    {
        if (list.Count is 0 or > MaxTransactionActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxTransactionActions} actions, not {list.Count}.", nameof(list));
        }

        var partition = list[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in list)
        {
            ValidateKeys(action.Entity);
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"All actions of a transaction must be in one partition; found '{partition}' and '{action.Entity.PartitionKey}'.", nameof(list));
            }

            if (!rows.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"RowKey '{action.Entity.RowKey}' appears twice in one transaction.", nameof(list));
            }
        }
    }

    internal byte[] BuildBatchBody(IReadOnlyList<TableTransactionAction> list, string batchBoundary, string changesetBoundary)
    {
        var sb = new StringBuilder(list.Count * 512);
        sb.Append("--").Append(batchBoundary).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append("\r\n\r\n");
        for (var i = 0; i < list.Count; i++)
        {
            var (type, entity, etag) = list[i];
            var (method, path, ifMatch, hasBody) = type switch
            {
                TableTransactionActionType.Add => ("POST", Name, null, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey), OrAll(etag), true),
                TableTransactionActionType.UpdateReplace => ("PUT", TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey), OrAll(etag), true),
                TableTransactionActionType.UpsertMerge => ("MERGE", TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey), null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey), null, true),
                TableTransactionActionType.Delete => ("DELETE", TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey), OrAll(etag), false),
                _ => throw new ArgumentOutOfRangeException(nameof(list), type, "Unknown transaction action."),
            };
            sb.Append("--").Append(changesetBoundary).Append("\r\n")
                .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append(method).Append(' ').Append(StorageUri.Build(_endpoint, path).AbsoluteUri).Append(" HTTP/1.1\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\n")
                .Append("DataServiceVersion: 3.0\r\n")
                .Append("Content-ID: ").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            if (ifMatch is not null)
            {
                sb.Append("If-Match: ").Append(ifMatch).Append("\r\n");
            }

            if (hasBody)
            {
                sb.Append("Content-Type: application/json\r\nPrefer: return-no-content\r\n\r\n")
                    .Append(Encoding.UTF8.GetString(TableJson.Serialize(entity))).Append("\r\n");
            }
            else
            {
                sb.Append("\r\n");
            }
        }

        sb.Append("--").Append(changesetBoundary).Append("--\r\n")
            .Append("--").Append(batchBoundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string OrAll(ETag etag) => etag.IsEmpty ? "*" : etag.Value;

    private sealed record BatchPart(int Status, string? ETag, string Body);

    /// <summary>Reads the embedded HTTP responses of a multipart batch answer, in order.</summary>
    private static List<BatchPart> ParseBatchResponse(string text)
    {
        var parts = new List<BatchPart>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (!line.StartsWith("HTTP/1.", StringComparison.Ordinal))
            {
                continue;
            }

            var status = int.Parse(line.Split(' ', 3)[1], CultureInfo.InvariantCulture);
            string? etag = null;
            for (i++; i < lines.Length && lines[i].TrimEnd('\r').Length > 0; i++)
            {
                var header = lines[i].TrimEnd('\r');
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var name = header[..colon].Trim();
                var value = header[(colon + 1)..].Trim();
                if (name.Equals("ETag", StringComparison.OrdinalIgnoreCase))
                {
                    etag = value;
                }
            }

            var body = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                body.Append(lines[i].TrimEnd('\r'));
            }

            i--;
            parts.Add(new BatchPart(status, etag, body.ToString()));
        }

        return parts;
    }

    private static TableTransactionFailedException TransactionFailure(string operation, BatchPart failed, int count)
    {
        string? code = null;
        string? message = null;
        try
        {
            using var json = JsonDocument.Parse(failed.Body);
            if (json.RootElement.TryGetProperty("odata.error", out var error))
            {
                code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : null;
            }
        }
        catch (JsonException)
        {
            message = failed.Body;
        }

        // The service prefixes the message with the failing action's 0-based index ("2:The specified entity
        // already exists."). Azurite's Content-ID in the answer does not echo ours, so it is not used.
        int? index = null;
        if (message is not null)
        {
            var colon = message.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && int.TryParse(message[..colon], CultureInfo.InvariantCulture, out var parsed))
            {
                index = parsed;
                message = message[(colon + 1)..];
            }
        }

        if (index is < 0 || index >= count)
        {
            index = null;
        }

        var status = failed.Status;
        var text = $"{operation} failed at action {(index is null ? "?" : index.Value.ToString(CultureInfo.InvariantCulture))}: {status} {code}: {message?.Split('\n')[0].Trim()}";
        return new TableTransactionFailedException(status, code, text, index);
    }
}
