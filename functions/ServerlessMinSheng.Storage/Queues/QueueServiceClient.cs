namespace ServerlessMinSheng.Storage.Queues;

/// <summary>The queue service of one account; hands out <see cref="QueueClient"/>s that share its connection and options.</summary>
public sealed class QueueServiceClient
{
    private readonly StoragePipeline _pipeline;

    public QueueServiceClient(string connectionString, StorageClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    public QueueServiceClient(StorageConnectionString account, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _pipeline = CreatePipeline(account, options);
        Uri = account.QueueEndpoint;
    }

    public Uri Uri { get; }

    public string AccountName => _pipeline.Credential.AccountName;

    public QueueClient GetQueueClient(string queueName) => new(_pipeline, Uri, queueName);

    /// <summary>Names of the queues (at most <paramref name="maxResults"/>), optionally only those starting with <paramref name="prefix"/>.</summary>
    public Task<IReadOnlyList<string>> GetQueueNamesAsync(string? prefix = null, int? maxResults = null, CancellationToken cancellationToken = default) =>
        XmlListing.NamesAsync(
            _pipeline,
            (marker, max) => QueueClient.Request(HttpMethod.Get, StorageUri.Build(Uri, string.Empty, ("comp", "list"), ("prefix", prefix), ("marker", marker), ("maxresults", max))),
            "Queue",
            maxResults,
            "List queues",
            cancellationToken);

    internal static StoragePipeline CreatePipeline(StorageConnectionString account, StorageClientOptions? options) =>
        new(account.Credential, StorageService.Queue, options ?? new StorageClientOptions());
}
