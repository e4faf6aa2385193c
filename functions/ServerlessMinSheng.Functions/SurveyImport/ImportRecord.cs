using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.SurveyImport;

public enum ImportStatus
{
    Queued,
    Parsing,
    Importing,
    Done,
    Failed,
}

/// <summary>One uploaded survey file. Its id is derived from the file's SHA-256, so the same file uploaded twice is the same import.</summary>
public sealed class ImportRecord : ITableEntity
{
    public const string TableName = "imports";
    public const string Partition = "import";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string BlobName { get; set; } = string.Empty;

    public string Format { get; set; } = string.Empty;

    public ImportStatus Status { get; set; }

    public string UploadedBy { get; set; } = string.Empty;

    /// <summary>The uploader's town when they are town staff: rows for other towns' communities are rejected.</summary>
    public string? ScopeTownId { get; set; }

    public DateTimeOffset UploadedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int TotalRows { get; set; }

    public int RejectedRows { get; set; }

    public int ChunksTotal { get; set; }

    public string? Error { get; set; }
}

/// <summary>Queue message: parse this uploaded file into chunks.</summary>
public sealed record ImportRequested(string ImportId);

/// <summary>Queue message: store and triage one chunk of an import.</summary>
public sealed record ImportChunkRequested(string ImportId, int Chunk);

/// <summary>A survey row that passed validation, as stored in a chunk blob.</summary>
public sealed record ImportRow(int Line, string Title, string Description, string CommunityId, string TownId, string? Address, string? Phone, bool IsPublic);

public sealed record RejectedRow(int Line, string Reason);
