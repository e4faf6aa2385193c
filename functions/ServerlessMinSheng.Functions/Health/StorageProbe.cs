using System.Diagnostics;
using ServerlessMinSheng.Storage;
using ServerlessMinSheng.Storage.Blobs;
using ServerlessMinSheng.Storage.Queues;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Functions.Health;

public sealed record ServiceHealth(string Status, double LatencyMs, string? Error)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOk => Status == StorageProbe.Ok;
}

/// <summary>
/// One cheap authenticated call per storage service, without retries and with a short timeout, so health
/// answers quickly and names the service that is down. It holds no state: when storage returns, the
/// next probe says so.
/// </summary>
public sealed class StorageProbe
{
    public const string Ok = "ok";
    public const string Unavailable = "unavailable";

    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient _queues;
    private readonly BlobServiceClient _blobs;

    public StorageProbe(StorageConnectionString account)
    {
        var probeOptions = new StorageClientOptions { Retry = new StorageRetryOptions { MaxRetries = 0 }, NetworkTimeout = TimeSpan.FromSeconds(3) };
        _tables = new TableServiceClient(account, probeOptions);
        _queues = new QueueServiceClient(account, probeOptions);
        _blobs = new BlobServiceClient(account, probeOptions);
    }

    public async Task<IReadOnlyDictionary<string, ServiceHealth>> CheckAsync(CancellationToken cancellationToken)
    {
        var tables = Probe(() => _tables.GetTableNamesAsync(1, cancellationToken));
        var queues = Probe(() => _queues.GetQueueNamesAsync(maxResults: 1, cancellationToken: cancellationToken));
        var blobs = Probe(() => _blobs.GetBlobContainerNamesAsync(maxResults: 1, cancellationToken: cancellationToken));
        return new Dictionary<string, ServiceHealth>
        {
            ["tables"] = await tables.ConfigureAwait(false),
            ["queues"] = await queues.ConfigureAwait(false),
            ["blobs"] = await blobs.ConfigureAwait(false),
        };
    }

    private static async Task<ServiceHealth> Probe(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await call().ConfigureAwait(false);
            return new ServiceHealth(Ok, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1), null);
        }
        catch (StorageRequestFailedException ex)
        {
            return new ServiceHealth(Unavailable, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1), ex.Message);
        }
    }
}
