namespace ServerlessMinSheng.Storage.Tables;

public enum TableTransactionActionType
{
    Add,
    UpdateMerge,
    UpdateReplace,
    UpsertMerge,
    UpsertReplace,
    Delete,
}

/// <summary>One operation of an entity group transaction; <paramref name="ETag"/> guards updates and deletes (default: any version).</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, ITableEntity Entity, ETag ETag = default);

/// <summary>A transaction the service rejected as a whole; <see cref="FailedEntityIndex"/> points at the action that failed, when the service says.</summary>
public sealed class TableTransactionFailedException : StorageRequestFailedException
{
    public TableTransactionFailedException(int status, string? errorCode, string message, int? failedEntityIndex)
        : base(status, errorCode, message)
    {
        FailedEntityIndex = failedEntityIndex;
    }

    public TableTransactionFailedException()
    {
    }

    public TableTransactionFailedException(string message)
        : base(message)
    {
    }

    public TableTransactionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int? FailedEntityIndex { get; }
}
