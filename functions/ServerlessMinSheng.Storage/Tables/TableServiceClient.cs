using System.Text.Json;

namespace ServerlessMinSheng.Storage.Tables;

/// <summary>The table service of one account; hands out <see cref="TableClient"/>s that share its connection and options.</summary>
public sealed class TableServiceClient
{
    private readonly StoragePipeline _pipeline;

    public TableServiceClient(string connectionString, StorageClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    public TableServiceClient(StorageConnectionString account, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _pipeline = TableClient.CreatePipeline(account, options);
        Uri = account.TableEndpoint;
    }

    public Uri Uri { get; }

    public string AccountName => _pipeline.Credential.AccountName;

    public TableClient GetTableClient(string tableName) => new(_pipeline, Uri, tableName);

    /// <summary>Names of the tables in the account (at most <paramref name="maxResults"/>), following continuation tokens.</summary>
    public async Task<IReadOnlyList<string>> GetTableNamesAsync(int? maxResults = null, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        string? next = null;
        do
        {
            var top = maxResults is { } max ? Math.Min(1000, max - names.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            var uri = StorageUri.Build(Uri, "Tables", ("$top", top), ("NextTableName", next));
            using var response = await _pipeline.SendAsync(TableClient.CreateRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            await response.EnsureSuccessAsync("List tables", cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            names.AddRange(json.RootElement.GetProperty("value").EnumerateArray().Select(t => t.GetProperty("TableName").GetString() ?? string.Empty));
            next = response.Headers.TryGetValues("x-ms-continuation-NextTableName", out var values) ? values.FirstOrDefault() : null;
        }
        while (next is not null && (maxResults is null || names.Count < maxResults));

        return names;
    }
}
