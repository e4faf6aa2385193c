using System.Net;
using System.Text.RegularExpressions;

namespace ServerlessMinSheng.Storage.Blobs;

/// <summary>The blob service of one account: large payloads (bulk imports, attachments) that do not fit a queue message.</summary>
public sealed class BlobServiceClient
{
    internal const string ApiVersion = "2025-01-05";
    private readonly StoragePipeline _pipeline;

    public BlobServiceClient(string connectionString, StorageClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    public BlobServiceClient(StorageConnectionString account, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _pipeline = new StoragePipeline(account.Credential, StorageService.Blob, options ?? new StorageClientOptions());
        Uri = account.BlobEndpoint;
    }

    public Uri Uri { get; }

    public BlobContainerClient GetBlobContainerClient(string containerName) => new(_pipeline, Uri, containerName);

    /// <summary>Names of the containers (at most <paramref name="maxResults"/>), optionally only those starting with <paramref name="prefix"/>.</summary>
    public Task<IReadOnlyList<string>> GetBlobContainerNamesAsync(string? prefix = null, int? maxResults = null, CancellationToken cancellationToken = default) =>
        XmlListing.NamesAsync(
            _pipeline,
            (marker, max) => Request(HttpMethod.Get, StorageUri.Build(Uri, string.Empty, ("comp", "list"), ("prefix", prefix), ("marker", marker), ("maxresults", max))),
            "Container",
            maxResults,
            "List containers",
            cancellationToken);

    internal static StorageRequest Request(HttpMethod method, Uri uri) => new StorageRequest(method, uri).WithHeader("x-ms-version", ApiVersion);
}

public sealed partial class BlobContainerClient
{
    private readonly StoragePipeline _pipeline;
    private readonly Uri _endpoint;

    internal BlobContainerClient(StoragePipeline pipeline, Uri endpoint, string name)
    {
        if (!NamePattern().IsMatch(name) || name.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid container name: 3–63 lowercase letters, digits and single hyphens.", nameof(name));
        }

        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = name;
    }

    public string Name { get; }

    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var request = BlobServiceClient.Request(HttpMethod.Put, StorageUri.Build(_endpoint, Name, ("restype", "container")));
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        await response.EnsureSuccessAsync($"Create container {Name}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        var request = BlobServiceClient.Request(HttpMethod.Delete, StorageUri.Build(_endpoint, Name, ("restype", "container")));
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await response.EnsureSuccessAsync($"Delete container {Name}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    public BlobClient GetBlobClient(string blobName) => new(_pipeline, _endpoint, Name, blobName);

    /// <summary>Names of the blobs in the container, optionally only those starting with <paramref name="prefix"/>.</summary>
    public Task<IReadOnlyList<string>> GetBlobNamesAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        XmlListing.NamesAsync(
            _pipeline,
            (marker, _) => BlobServiceClient.Request(HttpMethod.Get, StorageUri.Build(_endpoint, Name, ("restype", "container"), ("comp", "list"), ("prefix", prefix), ("marker", marker))),
            "Blob",
            null,
            $"List blobs in {Name}",
            cancellationToken);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial Regex NamePattern();
}

public sealed record BlobProperties(long ContentLength, string? ContentType, ETag ETag, DateTimeOffset? LastModified);

public sealed record BlobDownloadResult(ReadOnlyMemory<byte> Content, BlobProperties Properties);

/// <summary>One block blob, uploaded in a single request (up to <see cref="MaxUploadBytes"/>).</summary>
public sealed class BlobClient
{
    public const int MaxUploadBytes = 256 * 1024 * 1024;

    private readonly StoragePipeline _pipeline;
    private readonly Uri _uri;

    internal BlobClient(StoragePipeline pipeline, Uri endpoint, string container, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 1024)
        {
            throw new ArgumentException("A blob name is at most 1,024 characters.", nameof(name));
        }

        _pipeline = pipeline;
        _uri = StorageUri.Build(endpoint, container + "/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString)));
        Name = name;
        ContainerName = container;
    }

    public string Name { get; }

    public string ContainerName { get; }

    /// <summary>Uploads the content; with <paramref name="overwrite"/> false an existing blob fails with 409 <c>BlobAlreadyExists</c>.</summary>
    public async Task<ETag> UploadAsync(ReadOnlyMemory<byte> content, bool overwrite = false, string contentType = "application/octet-stream", CancellationToken cancellationToken = default)
    {
        if (content.Length > MaxUploadBytes)
        {
            throw new ArgumentException($"The content is {content.Length:N0} bytes; this client uploads at most {MaxUploadBytes:N0} in one request.", nameof(content));
        }

        var request = BlobServiceClient.Request(HttpMethod.Put, _uri)
            .WithHeader("x-ms-blob-type", "BlockBlob")
            .WithBody(content, contentType);
        if (!overwrite)
        {
            request.WithHeader("If-None-Match", "*");
        }

        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict || (!overwrite && response.StatusCode == HttpStatusCode.PreconditionFailed))
        {
            throw new StorageRequestFailedException(409, "BlobAlreadyExists", $"Upload {ContainerName}/{Name} failed: 409 BlobAlreadyExists: the blob already exists.");
        }

        await response.EnsureSuccessAsync($"Upload {ContainerName}/{Name}", cancellationToken).ConfigureAwait(false);
        return response.Headers.ETag is { } etag ? new ETag(etag.ToString()) : default;
    }

    public async Task<BlobDownloadResult> DownloadContentAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _pipeline.SendAsync(BlobServiceClient.Request(HttpMethod.Get, _uri), cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync($"Download {ContainerName}/{Name}", cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new BlobDownloadResult(bytes, Properties(response));
    }

    /// <summary>The blob's properties, or null when it does not exist.</summary>
    public async Task<BlobProperties?> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _pipeline.SendAsync(BlobServiceClient.Request(HttpMethod.Head, _uri), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await response.EnsureSuccessAsync($"Read properties of {ContainerName}/{Name}", cancellationToken).ConfigureAwait(false);
        return Properties(response);
    }

    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _pipeline.SendAsync(BlobServiceClient.Request(HttpMethod.Delete, _uri), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await response.EnsureSuccessAsync($"Delete {ContainerName}/{Name}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static BlobProperties Properties(HttpResponseMessage response) => new(
        response.Content.Headers.ContentLength ?? 0,
        response.Content.Headers.ContentType?.ToString(),
        response.Headers.ETag is { } etag ? new ETag(etag.ToString()) : default,
        response.Content.Headers.LastModified);
}
