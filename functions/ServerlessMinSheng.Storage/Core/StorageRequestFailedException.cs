namespace ServerlessMinSheng.Storage;

/// <summary>
/// A storage operation the service refused or that could not complete; <see cref="Status"/> is the
/// HTTP status (0 when the service never answered) and <see cref="ErrorCode"/> the service's error code
/// (for example <c>EntityAlreadyExists</c>, <c>QueueNotFound</c>).
/// </summary>
public class StorageRequestFailedException : Exception
{
    public StorageRequestFailedException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public StorageRequestFailedException()
    {
    }

    public StorageRequestFailedException(string message)
        : base(message)
    {
    }

    public StorageRequestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Status { get; }

    public string? ErrorCode { get; }
}

/// <summary>
/// A conditional write lost the race: the ETag given in <c>If-Match</c> is no longer the entity's
/// (HTTP 412). Reload, re-apply the change, and try again — or tell the person someone else was faster.
/// </summary>
public sealed class StorageConcurrencyException : StorageRequestFailedException
{
    public StorageConcurrencyException(string? errorCode, string message)
        : base(412, errorCode, message)
    {
    }

    public StorageConcurrencyException()
    {
    }

    public StorageConcurrencyException(string message)
        : base(message)
    {
    }

    public StorageConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The service could not be reached or kept failing transiently (timeouts, refused connections,
/// 500/503) after every retry.
/// </summary>
public sealed class StorageUnavailableException : StorageRequestFailedException
{
    public StorageUnavailableException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(status, errorCode, message, innerException)
    {
    }

    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
