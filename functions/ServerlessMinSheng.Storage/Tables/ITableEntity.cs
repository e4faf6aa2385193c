namespace ServerlessMinSheng.Storage.Tables;

/// <summary>The system properties every table entity has; typed entity classes implement this.</summary>
public interface ITableEntity
{
    string PartitionKey { get; set; }

    string RowKey { get; set; }

    DateTimeOffset? Timestamp { get; set; }

    ETag ETag { get; set; }
}

public enum TableUpdateMode
{
    /// <summary>Properties not given are kept.</summary>
    Merge,

    /// <summary>The entity is replaced; properties not given are removed.</summary>
    Replace,
}
