using System.Xml.Linq;

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
    public async Task<IReadOnlyList<string>> GetQueueNamesAsync(string? prefix = null, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        string? marker = null;
        do
        {
            var uri = StorageUri.Build(Uri, string.Empty, ("comp", "list"), ("prefix", prefix), ("marker", marker), ("maxresults", Remaining(maxResults, names.Count)));
            using var response = await _pipeline.SendAsync(QueueClient.Request(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            await response.EnsureSuccessAsync("List queues", cancellationToken).ConfigureAwait(false);
            var document = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            names.AddRange(document.Descendants("Queue").Select(q => q.Element("Name")?.Value ?? string.Empty));
            marker = document.Root?.Element("NextMarker")?.Value is { Length: > 0 } next ? next : null;
        }
        while (marker is not null && (maxResults is null || names.Count < maxResults));

        return names;
    }

    internal static string? Remaining(int? maxResults, int count) =>
        maxResults is { } max ? Math.Min(5000, max - count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    internal static StoragePipeline CreatePipeline(StorageConnectionString account, StorageClientOptions? options) =>
        new(account.Credential, StorageService.Queue, options ?? new StorageClientOptions());
}
