using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ServerlessMinSheng.Functions.Storage;

/// <summary>
/// The client options every storage client of the app shares: one pooled HTTP transport and one retry
/// policy. Tests, tools and benchmarks build their clients from the same options, so they measure what
/// the app does.
/// </summary>
public static class StorageClients
{
    /// <summary>
    /// Retries for a function, not a batch job: a handful of quick tries (about 3 s in all when storage
    /// refuses connections), then the failure surfaces — an HTTP caller gets a 503 with Retry-After, a
    /// queue-triggered function fails and the runtime delivers the message again (up to 5 times, then
    /// the poison queue). Long client-side back-off would only hold a request or a queue lease open.
    /// </summary>
    public static void ConfigureRetry(RetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 4;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(4);
        retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>Health probes answer fast: one try, a short timeout.</summary>
    public static void ConfigureProbe(RetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.MaxRetries = 0;
        retry.NetworkTimeout = TimeSpan.FromSeconds(3);
    }

    // Azurite (Node's HTTP server) closes a connection that has been idle for 5 s; reusing one it has just
    // closed failed batch writes with "Error while copying content to a stream". Pooled connections are
    // dropped after 4 s idle, before Azurite does it. Azure Storage keeps them longer; nothing is lost there.
    private static readonly Lazy<HttpClientTransport> SharedTransport = new(() => new HttpClientTransport(new SocketsHttpHandler
    {
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    }));

    public static void Configure(ClientOptions options, bool probe = false, StorageClientHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Transport = hooks?.Transport ?? SharedTransport.Value;
        ConfigureRetry(options.Retry);
        if (probe)
        {
            ConfigureProbe(options.Retry);
        }

        if (hooks?.PerRetryPolicy is { } policy)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }
    }

    public static TableClientOptions TableOptions(bool probe = false)
    {
        var options = new TableClientOptions();
        Configure(options, probe);
        return options;
    }

    /// <summary>Queue messages travel base64-encoded: what the Functions host's queue trigger expects.</summary>
    public static QueueClientOptions QueueOptions(bool probe = false)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Configure(options, probe);
        return options;
    }

    public static BlobClientOptions BlobOptions(bool probe = false)
    {
        var options = new BlobClientOptions();
        Configure(options, probe);
        return options;
    }

    public static TableServiceClient Tables(string connectionString) => new(connectionString, TableOptions());

    public static QueueServiceClient Queues(string connectionString) => new(connectionString, QueueOptions());

    public static BlobServiceClient Blobs(string connectionString) => new(connectionString, BlobOptions());
}

/// <summary>
/// Registered only by benchmarks and tests that watch the app's storage traffic: a transport of their own
/// (to count or delay calls) and a policy that sees every attempt, retries included.
/// </summary>
public sealed record StorageClientHooks(HttpPipelineTransport? Transport, HttpPipelinePolicy? PerRetryPolicy = null);
