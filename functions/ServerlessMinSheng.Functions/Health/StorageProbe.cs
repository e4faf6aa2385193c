using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ServerlessMinSheng.Functions.Storage;

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

    public StorageProbe(StorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        _tables = account.CreateTableServiceClient(StorageClients.TableOptions(probe: true));
        _queues = account.CreateQueueServiceClient(StorageClients.QueueOptions(probe: true));
        _blobs = account.CreateBlobServiceClient(StorageClients.BlobOptions(probe: true));
    }

    public async Task<IReadOnlyDictionary<string, ServiceHealth>> CheckAsync(CancellationToken cancellationToken)
    {
        var tables = Probe(() => FirstPageAsync(_tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken)));
        var queues = Probe(() => FirstPageAsync(_queues.GetQueuesAsync(cancellationToken: cancellationToken)));
        var blobs = Probe(() => FirstPageAsync(_blobs.GetBlobContainersAsync(cancellationToken: cancellationToken)));
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
        catch (Exception ex) when (StorageFailures.IsUnavailable(ex) || ex is Azure.RequestFailedException)
        {
            return new ServiceHealth(Unavailable, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1), ex.Message);
        }
    }

    private static async Task FirstPageAsync<T>(Azure.AsyncPageable<T> pageable)
        where T : notnull
    {
        await foreach (var page in pageable.AsPages(pageSizeHint: 1).ConfigureAwait(false))
        {
            return;
        }
    }
}
