using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ServerlessMinSheng.Storage.Tables;

/// <summary>
/// One table: entities, queries and transactions, shaped like the Azure SDK's <c>TableClient</c> so it can
/// be swapped for it. Writes return the new ETag; a conditional write with a stale ETag throws
/// <see cref="StorageConcurrencyException"/>.
/// </summary>
public sealed partial class TableClient
{
    internal const string ApiVersion = "2019-02-02";
    private const string JsonContentType = "application/json";
    private static readonly HttpMethod Merge = new("MERGE");

    private readonly StoragePipeline _pipeline;
    private readonly Uri _endpoint;

    public TableClient(string connectionString, string tableName, StorageClientOptions? options = null)
        : this(CreatePipeline(StorageConnectionString.Parse(connectionString), options), StorageConnectionString.Parse(connectionString).TableEndpoint, tableName)
    {
    }

    internal TableClient(StoragePipeline pipeline, Uri endpoint, string tableName)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = TableNames.ValidateTable(tableName);
    }

    public string Name { get; }

    public string AccountName => _pipeline.Credential.AccountName;

    /// <summary>Builds a filter with every argument turned into a correctly quoted OData literal.</summary>
    public static string CreateQueryFilter(FormattableString filter) => TableFilter.Create(filter);

    /// <summary>Creates the table; returns false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name });
        var request = Request(HttpMethod.Post, "Tables").WithBody(body, JsonContentType).WithHeader("Prefer", "return-no-content");
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        await response.EnsureSuccessAsync($"Create table {Name}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Deletes the table; returns false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _pipeline.SendAsync(Request(HttpMethod.Delete, $"Tables('{Name}')"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await response.EnsureSuccessAsync($"Delete table {Name}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Inserts a new entity; an existing one with the same keys fails with 409 <c>EntityAlreadyExists</c>.</summary>
    public Task<ETag> AddEntityAsync<T>(T entity, CancellationToken cancellationToken = default)
        where T : ITableEntity
    {
        ValidateKeys(entity);
        var request = Request(HttpMethod.Post, Name).WithBody(TableJson.Serialize(entity), JsonContentType).WithHeader("Prefer", "return-no-content");
        return WriteAsync(request, $"Insert {Describe(entity)}", cancellationToken);
    }

    /// <summary>Inserts or overwrites (Replace) or inserts or merges into (Merge) the entity, whatever its version.</summary>
    public Task<ETag> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        where T : ITableEntity
    {
        var request = Request(mode == TableUpdateMode.Merge ? Merge : HttpMethod.Put, TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey))
            .WithBody(TableJson.Serialize(entity), JsonContentType);
        return WriteAsync(request, $"Upsert {Describe(entity)}", cancellationToken);
    }

    /// <summary>
    /// Updates an existing entity only if it still has <paramref name="ifMatch"/> (use <see cref="ETag.All"/>
    /// for an unconditional update). A stale ETag throws <see cref="StorageConcurrencyException"/>; a missing entity 404.
    /// </summary>
    public Task<ETag> UpdateEntityAsync<T>(T entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        where T : ITableEntity
    {
        var request = Request(mode == TableUpdateMode.Merge ? Merge : HttpMethod.Put, TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey))
            .WithBody(TableJson.Serialize(entity), JsonContentType)
            .WithHeader("If-Match", IfMatch(ifMatch));
        return WriteAsync(request, $"Update {Describe(entity)}", cancellationToken);
    }

    public async Task<T> GetEntityAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new() =>
        await GetEntityIfExistsAsync<T>(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false)
        ?? throw new StorageRequestFailedException(404, "ResourceNotFound", $"Read {Name}({partitionKey}, {rowKey}) failed: 404 ResourceNotFound: the entity does not exist.");

    /// <summary>Reads one entity by its keys; null when there is none.</summary>
    public async Task<T?> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var uri = StorageUri.Build(_endpoint, TableNames.EntityPath(Name, partitionKey, rowKey), ("$select", SelectClause(select)));
        using var response = await _pipeline.SendAsync(Request(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await response.EnsureSuccessAsync($"Read {Name}({partitionKey}, {rowKey})", cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var entity = TableJson.ReadEntity(json.RootElement);
        if (response.Headers.ETag is { } etag)
        {
            entity.ETag = new ETag(etag.ToString());
        }

        return TableEntityMapper.Create<T>(entity);
    }

    /// <summary>Deletes the entity if it has <paramref name="ifMatch"/> (default: any version); returns false when it did not exist.</summary>
    public async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Delete, TableNames.EntityPath(Name, partitionKey, rowKey)).WithHeader("If-Match", IfMatch(ifMatch.IsEmpty ? ETag.All : ifMatch));
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await response.EnsureSuccessAsync($"Delete {Name}({partitionKey}, {rowKey})", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Every entity matching the filter, following continuation tokens page by page.</summary>
    public async IAsyncEnumerable<T> QueryAsync<T>(
        string? filter = null,
        int? maxPerPage = null,
        IEnumerable<string>? select = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var selectClause = SelectClause(select);
        string? token = null;
        do
        {
            var page = await QueryPageCoreAsync<T>(filter, maxPerPage, selectClause, token, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Values)
            {
                yield return entity;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>One page of a query, for paging through results a screen at a time.</summary>
    public Task<TablePage<T>> QueryPageAsync<T>(
        string? filter = null,
        int? maxPerPage = null,
        IEnumerable<string>? select = null,
        string? continuationToken = null,
        CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new() =>
        QueryPageCoreAsync<T>(filter, maxPerPage, SelectClause(select), continuationToken, cancellationToken);

    private async Task<TablePage<T>> QueryPageCoreAsync<T>(string? filter, int? maxPerPage, string? select, string? continuationToken, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        if (maxPerPage is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "A page holds 1 to 1000 entities.");
        }

        var (nextPartition, nextRow) = ParseToken(continuationToken);
        var uri = StorageUri.Build(
            _endpoint,
            Name + "()",
            ("$filter", string.IsNullOrEmpty(filter) ? null : filter),
            ("$top", maxPerPage?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("$select", select),
            ("NextPartitionKey", nextPartition),
            ("NextRowKey", nextRow));
        using var response = await _pipeline.SendAsync(Request(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync($"Query {Name} ({filter ?? "all"})", cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var values = new List<T>();
        if (json.RootElement.TryGetProperty("value", out var array))
        {
            foreach (var item in array.EnumerateArray())
            {
                values.Add(TableEntityMapper.Create<T>(TableJson.ReadEntity(item)));
            }
        }

        return new TablePage<T>(values, FormatToken(response));
    }

    private async Task<ETag> WriteAsync(StorageRequest request, string operation, CancellationToken cancellationToken)
    {
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync(operation, cancellationToken).ConfigureAwait(false);
        return response.Headers.ETag is { } etag ? new ETag(etag.ToString()) : default;
    }

    private StorageRequest Request(HttpMethod method, string path) => Request(method, StorageUri.Build(_endpoint, path));

    private static StorageRequest Request(HttpMethod method, Uri uri) => new StorageRequest(method, uri)
        .WithHeader("Accept", "application/json;odata=minimalmetadata")
        .WithHeader("DataServiceVersion", "3.0")
        .WithHeader("MaxDataServiceVersion", "3.0;NetFx")
        .WithHeader("x-ms-version", ApiVersion);

    internal static StorageRequest CreateRequest(HttpMethod method, Uri uri) => Request(method, uri);

    internal static StoragePipeline CreatePipeline(StorageConnectionString account, StorageClientOptions? options) =>
        new(account.Credential, StorageService.Table, options ?? new StorageClientOptions());

    private static string IfMatch(ETag etag) =>
        etag.IsEmpty ? throw new ArgumentException("An If-Match ETag is required; pass ETag.All for an unconditional write.", nameof(etag)) : etag.Value;

    private static string? SelectClause(IEnumerable<string>? select) => select is null ? null : string.Join(',', select);

    private static void ValidateKeys(ITableEntity entity)
    {
        TableNames.ValidateKey(entity.PartitionKey, "PartitionKey");
        TableNames.ValidateKey(entity.RowKey, "RowKey");
    }

    private string Describe(ITableEntity entity) => $"{Name}({entity.PartitionKey}, {entity.RowKey})";

    private static string? FormatToken(HttpResponseMessage response)
    {
        var partition = Header(response, "x-ms-continuation-NextPartitionKey");
        var row = Header(response, "x-ms-continuation-NextRowKey");
        return partition is null && row is null ? null : partition + " " + row;
    }

    private static (string? Partition, string? Row) ParseToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, null);
        }

        var space = token.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (token, null) : (token[..space], token[(space + 1)..] is { Length: > 0 } r ? r : null);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
