using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ServerlessMinSheng.Functions.Storage;

/// <summary>
/// Where the app's storage is and how it signs in, read from the settings the Functions host uses:
/// <c>AzureWebJobsStorage</c> as a connection string (Azurite, or an account key), or an identity-based
/// connection — <c>AzureWebJobsStorage__accountName</c>, or the per-service
/// <c>AzureWebJobsStorage__tableServiceUri</c> / <c>__queueServiceUri</c> / <c>__blobServiceUri</c> — signed in
/// with <see cref="DefaultAzureCredential"/> (a managed identity in Azure), so no key is needed.
/// </summary>
public sealed class StorageAccount
{
    public const string Setting = "AzureWebJobsStorage";

    private readonly string? _connectionString;
    private readonly TokenCredential? _credential;

    private StorageAccount(string? connectionString, Uri? tables, Uri? queues, Uri? blobs, TokenCredential? credential)
    {
        _connectionString = connectionString;
        TableServiceUri = tables;
        QueueServiceUri = queues;
        BlobServiceUri = blobs;
        _credential = credential;
    }

    /// <summary>The table endpoint when it is known without parsing a connection string (identity-based connections).</summary>
    public Uri? TableServiceUri { get; }

    public Uri? QueueServiceUri { get; }

    public Uri? BlobServiceUri { get; }

    /// <summary>True for an identity-based connection (no key anywhere in the settings).</summary>
    public bool UsesIdentity => _connectionString is null;

    public static StorageAccount FromConnectionString(string connectionString)
    {
        var account = new StorageAccount(connectionString, null, null, null, null);
        account.Validate();
        return account;
    }

    /// <summary>
    /// Reads the settings at start-up, so a malformed value stops the app with a message that names the
    /// setting instead of failing at the first request. Storage being down is not a start-up error.
    /// </summary>
    public static StorageAccount FromConfiguration(IConfiguration configuration, TokenCredential? credential = null)
    {
        var section = configuration.GetSection(Setting);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return FromConnectionString(section.Value);
        }

        var accountName = section["accountName"];
        var tables = ServiceUri(section, "tableServiceUri", accountName, "table");
        var queues = ServiceUri(section, "queueServiceUri", accountName, "queue");
        var blobs = ServiceUri(section, "blobServiceUri", accountName, "blob");
        if (tables is null && queues is null && blobs is null)
        {
            throw new StartupException(
                $"{Setting} is not set. Give it a storage connection string (UseDevelopmentStorage=true for Azurite on its default ports), " +
                $"or an identity-based connection: {Setting}__accountName, or {Setting}__tableServiceUri, __queueServiceUri and __blobServiceUri.");
        }

        var missing = new[] { ("tableServiceUri", tables), ("queueServiceUri", queues), ("blobServiceUri", blobs) }.Where(s => s.Item2 is null).Select(s => $"{Setting}__{s.Item1}").ToList();
        if (missing.Count > 0)
        {
            throw new StartupException($"The identity-based storage connection names no endpoint for {string.Join(", ", missing)}; set {Setting}__accountName or each service URI.");
        }

        return new StorageAccount(null, tables, queues, blobs, credential ?? new DefaultAzureCredential());
    }

    public TableServiceClient CreateTableServiceClient(TableClientOptions options) =>
        _connectionString is not null ? new TableServiceClient(_connectionString, options) : new TableServiceClient(TableServiceUri!, _credential!, options);

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        _connectionString is not null ? new QueueServiceClient(_connectionString, options) : new QueueServiceClient(QueueServiceUri!, _credential!, options);

    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions options) =>
        _connectionString is not null ? new BlobServiceClient(_connectionString, options) : new BlobServiceClient(BlobServiceUri!, _credential!, options);

    private static Uri? ServiceUri(IConfigurationSection section, string key, string? accountName, string service)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.{service}.core.windows.net");
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new StartupException($"{Setting}__{key} '{value}' is not an absolute http(s) URL.");
    }

    /// <summary>The SDK parses the string when a client is made; making all three here surfaces a bad value at start-up.</summary>
    private void Validate()
    {
        foreach (var (service, create) in new (string, Func<object>)[]
        {
            ("table", () => CreateTableServiceClient(StorageClients.TableOptions())),
            ("queue", () => CreateQueueServiceClient(StorageClients.QueueOptions())),
            ("blob", () => CreateBlobServiceClient(StorageClients.BlobOptions())),
        })
        {
            try
            {
                create();
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
            {
                throw new StartupException($"{Setting} is malformed: it gives no usable {service} endpoint ({ex.Message}).", ex);
            }
        }
    }
}
