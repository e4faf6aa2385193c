using System.Net.Sockets;
using Azure;

namespace ServerlessMinSheng.Functions.Storage;

/// <summary>What a storage failure means for the app: a lost optimistic-concurrency race, or storage that did not answer.</summary>
public static class StorageFailures
{
    /// <summary>A conditional write whose ETag was no longer the entity's: someone else changed it first (HTTP 412).</summary>
    public static bool IsConflict(this RequestFailedException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Status == 412;
    }

    /// <summary>
    /// The same race, raised by code that found it another way (a batch that failed on an ETag, or on a row
    /// another writer added first): a 412, so callers and the problem mapping treat both alike.
    /// </summary>
    public static RequestFailedException Conflict(RequestFailedException cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new RequestFailedException(412, "Someone else changed this entity first: " + cause.Message, cause.ErrorCode, cause);
    }

    /// <summary>Any failure of a storage call: a refusal by the service, or no usable answer at all.</summary>
    public static bool IsStorageFailure(Exception exception) => exception is RequestFailedException || IsUnavailable(exception);

    /// <summary>
    /// Storage could not be reached or kept failing after the client's retries: no answer (status 0),
    /// a server error or timeout status, a refused connection, or a network timeout. The SDK reports
    /// retries that all failed as an <see cref="AggregateException"/> of them.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 500 or 502 or 503 or 504 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnavailable),
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        TaskCanceledException canceled when canceled.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase) => true,
        _ => false,
    };
}
