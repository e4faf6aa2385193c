using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ServerlessMinSheng.Storage.Queues;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Storage.Benchmarks;

/// <summary>
/// Azurite's ceiling for a load shape: the same requests on the wire (same bodies, same headers, same
/// HTTP connection pool), but built and signed before the clock starts, and answers read as bytes and
/// never parsed. Whatever the client costs on top of this is its own overhead.
/// </summary>
internal sealed partial class RawRequests(StorageConnectionString account)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    public static HttpRequestMessage Sign(StorageRequest request, StorageSharedKeyCredential credential, bool table)
    {
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        var authorization = table ? SharedKeySigner.AuthorizeTable(request, date, credential) : SharedKeySigner.AuthorizeBlobOrQueue(request, date, credential);
        return request.ToHttpRequestMessage(date, authorization);
    }

    public HttpRequestMessage TableInsert(string table, TableEntity entity) => Sign(
        TableClient.CreateRequest(HttpMethod.Post, StorageUri.Build(account.TableEndpoint, table))
            .WithBody(TableJson.Serialize(entity), "application/json")
            .WithHeader("Prefer", "return-no-content"),
        account.Credential,
        table: true);

    public HttpRequestMessage TableBatch(TableClient client, IReadOnlyList<TableTransactionAction> actions)
    {
        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var body = client.BuildBatchBody(actions, batch, "changeset_" + Guid.NewGuid().ToString("N"));
        return Sign(TableClient.CreateRequest(HttpMethod.Post, StorageUri.Build(account.TableEndpoint, "$batch")).WithBody(body, "multipart/mixed; boundary=" + batch), account.Credential, table: true);
    }

    public HttpRequestMessage TableGet(string table, string partitionKey, string rowKey) => Sign(
        TableClient.CreateRequest(HttpMethod.Get, StorageUri.Build(account.TableEndpoint, TableNames.EntityPath(table, partitionKey, rowKey))),
        account.Credential,
        table: true);

    public HttpRequestMessage QueuePut(string queue, string text)
    {
        var envelope = new XElement("QueueMessage", new XElement("MessageText", Convert.ToBase64String(Encoding.UTF8.GetBytes(text))));
        var request = QueueClient.Request(HttpMethod.Post, StorageUri.Build(account.QueueEndpoint, queue + "/messages", ("messagettl", "-1")))
            .WithBody(Encoding.UTF8.GetBytes(envelope.ToString(SaveOptions.DisableFormatting)), "application/xml");
        return Sign(request, account.Credential, table: false);
    }

    public HttpRequestMessage QueueGet(string queue, int count) => Sign(
        QueueClient.Request(HttpMethod.Get, StorageUri.Build(account.QueueEndpoint, queue + "/messages", ("numofmessages", count.ToString(CultureInfo.InvariantCulture)), ("visibilitytimeout", "60"))),
        account.Credential,
        table: false);

    public HttpRequestMessage QueueDelete(string queue, string messageId, string popReceipt) => Sign(
        QueueClient.Request(HttpMethod.Delete, StorageUri.Build(account.QueueEndpoint, queue + "/messages/" + messageId, ("popreceipt", popReceipt))),
        account.Credential,
        table: false);

    public static async Task<byte[]> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Raw {request.Method} {request.RequestUri} failed: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
            }

            return body;
        }
    }

    /// <summary>Message ids and pop receipts from a Get Messages answer, with the least parsing that works.</summary>
    public static IEnumerable<(string Id, string PopReceipt)> ReceivedMessages(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        foreach (Match m in MessagePattern().Matches(text))
        {
            yield return (m.Groups["id"].Value, WebUtility.HtmlDecode(m.Groups["pop"].Value));
        }
    }

    [GeneratedRegex("<MessageId>(?<id>[^<]+)</MessageId>.*?<PopReceipt>(?<pop>[^<]+)</PopReceipt>", RegexOptions.Singleline)]
    private static partial Regex MessagePattern();
}
