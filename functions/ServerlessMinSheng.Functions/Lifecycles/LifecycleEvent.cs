using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Lifecycles;

/// <summary>
/// One step in an entity's append-only history, stored in the entity's own partition with row key
/// <c>{key}~{version}</c>, and written in the same transaction as the entity's new state: a step is
/// either wholly there or not at all, and a version can never hold two events.
/// </summary>
public sealed class LifecycleEvent : ITableEntity
{
    public const char Separator = '~';

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string EntityKey { get; set; } = string.Empty;

    public int Version { get; set; }

    public string Action { get; set; } = string.Empty;

    public string FromState { get; set; } = string.Empty;

    public string ToState { get; set; } = string.Empty;

    /// <summary>Who acted: a staff user name, "resident" or "system".</summary>
    public string Actor { get; set; } = string.Empty;

    public string ActorLabel { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }

    /// <summary>What the public timeline says about this step (already free of personal data), or null when the step is internal.</summary>
    public string? PublicNote { get; set; }

    /// <summary>What staff see: the reason, the reply, the unit, as written.</summary>
    public string? Note { get; set; }

    /// <summary>The unit holding the entity after this step (<c>kind|id</c>), for counting the step against it later.</summary>
    public string? HeldBy { get; set; }

    public string? HeldByName { get; set; }

    public static string RowKeyFor(string key, int version) => $"{key}{Separator}{version:D6}";

    /// <summary>A filter for every event of one entity in its partition.</summary>
    public static string Filter(string partitionKey, string key) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {key + Separator} and RowKey lt {key + Separator + Separator}");
}

/// <summary>
/// An escalated step waiting for the receiving level: written before the escalation is committed and
/// checked against the entity when read, so an inbox never shows a step that is done (or an
/// escalation whose commit failed), even if the process died before it could clean up.
/// </summary>
public sealed class EscalationRow : ITableEntity
{
    public const string TableName = "escalations";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Lifecycle { get; set; } = string.Empty;

    public string EntityKey { get; set; } = string.Empty;

    public string State { get; set; } = string.Empty;

    /// <summary>The version at which the entity entered <see cref="State"/>: the escalation is current while that stay lasts.</summary>
    public int StateVersion { get; set; }

    public int Level { get; set; }

    public string Title { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public string? UnitName { get; set; }

    public DateTimeOffset EscalatedAt { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public static string RowKeyFor(string lifecycle, string key) => $"{lifecycle}|{key}";
}
