using System.Globalization;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Lifecycles;

/// <summary>
/// A deadline on one version of one entity: when it falls due and the entity is still at that
/// version, the lifecycle takes the timer's step (escalate, close as unrated, …). A timer for a
/// version already left behind changes nothing.
/// </summary>
public sealed record DueTimer(string Lifecycle, string Key, int Version, string Timer, DateTimeOffset DueAt)
{
    /// <summary>The W3C traceparent of the step that set the deadline, read from its index row so the sweep fires it in that step's trace. Timer messages carry their own.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? TraceParent { get; init; }

    internal string RowKey => string.Create(CultureInfo.InvariantCulture, $"{DueAt.UtcTicks:D19}|{Lifecycle}|{Key}|{Version}|{Timer}");
}

/// <summary>One row of the deadline index.</summary>
public sealed class DeadlineRow : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Lifecycle { get; set; } = string.Empty;

    public string EntityKey { get; set; } = string.Empty;

    public int Version { get; set; }

    public string Timer { get; set; } = string.Empty;

    public DateTimeOffset DueAt { get; set; }

    public string? TraceParent { get; set; }

    public DueTimer ToTimer() => new(Lifecycle, EntityKey, Version, Timer, DueAt) { TraceParent = TraceParent };
}

/// <summary>
/// Every pending deadline, ordered by due time (row key starts with the due ticks) in a few shard
/// partitions. A deadline is written before the transition that sets it, so no committed step lacks
/// its timer; a row whose transition then failed finds its entity at another version and is dropped.
/// Rows are deleted once handled, so finding what is due reads only what is due, however long the
/// history grows.
/// </summary>
public sealed class DeadlineIndex(AppTables tables)
{
    public const string TableName = "deadlines";
    public const int Shards = 4;

    public async Task AddAsync(IEnumerable<DueTimer> timers, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        foreach (var timer in timers)
        {
            await table.UpsertEntityAsync(ToRow(timer), TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task RemoveAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.DeleteEntityAsync(Shard(timer), timer.RowKey, cancellationToken: cancellationToken);
    }

    /// <summary>Up to <paramref name="max"/> deadlines due at or before <paramref name="now"/>, earliest first in each shard.</summary>
    public async Task<IReadOnlyList<DueTimer>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var bound = (now.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var perShard = Math.Max(1, max / Shards);
        var due = new List<DueTimer>();
        for (var shard = 0; shard < Shards; shard++)
        {
            var partition = "due-" + shard.ToString(CultureInfo.InvariantCulture);
            var page = await table.QueryPageAsync<DeadlineRow>(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {bound}"), Math.Min(perShard, 1000), cancellationToken: cancellationToken);
            due.AddRange(page.Values.Select(r => r.ToTimer()));
        }

        return due.OrderBy(t => t.DueAt).ToList();
    }

    /// <summary>How many deadlines are pending (for tests and benchmarks; reads the whole index).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        return await table.QueryAsync<DeadlineRow>(select: ["PartitionKey"], cancellationToken: cancellationToken).CountAsync(cancellationToken);
    }

    private static DeadlineRow ToRow(DueTimer timer) => new()
    {
        PartitionKey = Shard(timer),
        RowKey = timer.RowKey,
        Lifecycle = timer.Lifecycle,
        EntityKey = timer.Key,
        Version = timer.Version,
        Timer = timer.Timer,
        DueAt = timer.DueAt,
        TraceParent = Telemetry.AppTelemetry.CurrentTraceParent(),
    };

    private static string Shard(DueTimer timer)
    {
        var hash = 0u;
        foreach (var c in timer.Key)
        {
            hash = (hash * 31) + c;
        }

        return "due-" + (hash % Shards).ToString(CultureInfo.InvariantCulture);
    }
}
