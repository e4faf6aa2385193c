namespace ServerlessMinSheng.Storage;

/// <summary>How a storage client retries, times out, and what it uses to send requests.</summary>
public sealed class StorageClientOptions
{
    public StorageRetryOptions Retry { get; init; } = new();

    /// <summary>How long a single attempt may take before it counts as a transient failure.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How queue message text travels. Base64 is what the Azure Functions queue trigger expects by
    /// default, and it carries any text safely through the XML envelope.
    /// </summary>
    public QueueMessageEncoding MessageEncoding { get; init; } = QueueMessageEncoding.Base64;

    /// <summary>The HTTP client to send with; by default one shared, pooled client per process.</summary>
    public HttpClient? HttpClient { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called before each retry, for logging.</summary>
    public Action<StorageRetryEvent>? OnRetry { get; init; }
}

public sealed class StorageRetryOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off (health probes want a fast answer).</summary>
    public int MaxRetries { get; init; } = 5;

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);
}

public enum QueueMessageEncoding
{
    /// <summary>The message text is stored as given (it must be valid in XML).</summary>
    None,

    /// <summary>The message text is UTF-8 encoded and then base64 encoded (the Functions host's default).</summary>
    Base64,
}

/// <summary>A transient failure that is about to be retried.</summary>
public sealed record StorageRetryEvent(string Method, Uri Uri, int Attempt, TimeSpan Delay, int? Status, Exception? Exception);
