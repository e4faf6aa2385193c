using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>One unit's line in a stored ranking: its counts for the period and the previous one, and its ranks.</summary>
public sealed record StoredLine(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("n")] string Name,
    [property: JsonPropertyName("p")] string? ParentId,
    [property: JsonPropertyName("pn")] string? ParentName,
    [property: JsonPropertyName("r")] int? Rank,
    [property: JsonPropertyName("pr")] int? PreviousRank,
    [property: JsonPropertyName("c")] int[] Counts,
    [property: JsonPropertyName("pc")] int[] PreviousCounts,
    [property: JsonPropertyName("rec")] string? Recommendation = null);

/// <summary>
/// A computed ranking for one level and one period, stored whole in one entity (the lines as JSON,
/// split over properties of at most 30,000 characters): a page reads one entity, never a scan.
/// Partition = level, row key = <c>{period}|{id}</c>. Holds no wall-clock time, so recomputing it from
/// the same aggregates writes the same entity.
/// </summary>
public sealed class RankingEntity : ITableEntity
{
    public const string TableName = "rankings";
    private const int ChunkChars = 30_000;
    private const int MaxChunks = 30;

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Period { get; set; } = string.Empty;

    public string PeriodId { get; set; } = string.Empty;

    public string From { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;

    public string PreviousId { get; set; } = string.Empty;

    public string PreviousFrom { get; set; } = string.Empty;

    public string PreviousTo { get; set; } = string.Empty;

    /// <summary>The weights used, "response,resolution,satisfaction".</summary>
    public string Weights { get; set; } = string.Empty;

    public int Lines { get; set; }

    public int Chunks { get; set; }

    public string? Rows0 { get; set; }
    public string? Rows1 { get; set; }
    public string? Rows2 { get; set; }
    public string? Rows3 { get; set; }
    public string? Rows4 { get; set; }
    public string? Rows5 { get; set; }
    public string? Rows6 { get; set; }
    public string? Rows7 { get; set; }
    public string? Rows8 { get; set; }
    public string? Rows9 { get; set; }
    public string? Rows10 { get; set; }
    public string? Rows11 { get; set; }
    public string? Rows12 { get; set; }
    public string? Rows13 { get; set; }
    public string? Rows14 { get; set; }
    public string? Rows15 { get; set; }
    public string? Rows16 { get; set; }
    public string? Rows17 { get; set; }
    public string? Rows18 { get; set; }
    public string? Rows19 { get; set; }
    public string? Rows20 { get; set; }
    public string? Rows21 { get; set; }
    public string? Rows22 { get; set; }
    public string? Rows23 { get; set; }
    public string? Rows24 { get; set; }
    public string? Rows25 { get; set; }
    public string? Rows26 { get; set; }
    public string? Rows27 { get; set; }
    public string? Rows28 { get; set; }
    public string? Rows29 { get; set; }

    public static string RowKeyFor(string period, string id) => $"{period}|{id}";

    public void SetLines(IReadOnlyList<StoredLine> lines)
    {
        var json = JsonSerializer.Serialize(lines);
        var chunks = Enumerable.Range(0, (json.Length + ChunkChars - 1) / ChunkChars).Select(i => json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - (i * ChunkChars)))).ToList();
        if (chunks.Count > MaxChunks)
        {
            throw new InvalidOperationException($"A ranking of {lines.Count} lines does not fit one entity ({json.Length} characters).");
        }

        Lines = lines.Count;
        Chunks = chunks.Count;
        var properties = typeof(RankingEntity).GetProperties().Where(p => p.Name.StartsWith("Rows", StringComparison.Ordinal)).ToDictionary(p => p.Name);
        for (var i = 0; i < MaxChunks; i++)
        {
            properties[$"Rows{i}"].SetValue(this, i < chunks.Count ? chunks[i] : null);
        }
    }

    public IReadOnlyList<StoredLine> GetLines()
    {
        var json = new StringBuilder();
        var properties = typeof(RankingEntity).GetProperties().Where(p => p.Name.StartsWith("Rows", StringComparison.Ordinal)).ToDictionary(p => p.Name);
        for (var i = 0; i < Chunks; i++)
        {
            json.Append((string?)properties[$"Rows{i}"].GetValue(this));
        }

        return json.Length == 0 ? [] : JsonSerializer.Deserialize<List<StoredLine>>(json.ToString()) ?? [];
    }
}

/// <summary>The index of computed rankings: partition = level, row key = <c>{period}|{id}</c>. Small, so listing it is cheap.</summary>
public sealed class RankingIndexRow : ITableEntity
{
    public const string TableName = "rankingindex";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Period { get; set; } = string.Empty;

    public string PeriodId { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;

    public int Lines { get; set; }
}
