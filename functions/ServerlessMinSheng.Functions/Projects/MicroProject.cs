using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Projects;

/// <summary>
/// One micro-project. Its partition (the project id) also holds its claims, milestones, reports,
/// supports, feasibility notes, scores and history, so a step and the rows it adds commit together.
/// </summary>
public sealed class MicroProject : ITableEntity
{
    public const string TableName = "projects";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Id => PartitionKey;

    public string Title { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string? Theme { get; set; }

    public string TownId { get; set; } = string.Empty;

    /// <summary>JSON array of the community ids that benefit.</summary>
    public string CommunityIds { get; set; } = "[]";

    public double Budget { get; set; }

    /// <summary>JSON array of the tracking codes of the requests it answers.</summary>
    public string LinkedRequests { get; set; } = "[]";

    public string? ClusterId { get; set; }

    public string State { get; set; } = "proposed";

    /// <summary>The state before a suspension, to resume into.</summary>
    public string? SuspendedFrom { get; set; }

    public int Version { get; set; }

    public int StateVersion { get; set; }

    public DateTimeOffset StateEnteredAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeliberationEndsAt { get; set; }

    public string? Batch { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset? ClaimDeadline { get; set; }

    /// <summary>The claim deadline whose passing was escalated (a second firing of the same deadline changes nothing).</summary>
    public DateTimeOffset? ClaimEscalatedFor { get; set; }

    /// <summary>The report deadline whose passing was escalated.</summary>
    public DateTimeOffset? ReportEscalatedFor { get; set; }

    public string? Coordinator { get; set; }

    public string? CoordinatorName { get; set; }

    public string? LeadUnitId { get; set; }

    public string? LeadUnitName { get; set; }

    public bool GovernmentFunded { get; set; }

    public int Percent { get; set; }

    public DateTimeOffset? ReportDueAt { get; set; }

    public DateTimeOffset? LastReportAt { get; set; }

    public int Escalations { get; set; }

    public string? Reason { get; set; }

    public string? Evidence { get; set; }

    /// <summary>JSON array of photo blob names for the completion evidence.</summary>
    public string? EvidencePhotos { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? WrittenOffAt { get; set; }

    public DateTimeOffset? EvaluationEndsAt { get; set; }

    /// <summary>renew, retire or review (too few scores).</summary>
    public string? Recommendation { get; set; }

    public double? AverageScore { get; set; }

    public int ScoreCount { get; set; }

    public double? HelpedShare { get; set; }

    /// <summary>The share of the scores that are 4 or 5 (the project's 满意率).</summary>
    public double? SatisfiedShare { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>A row that belongs to a project (claim, milestone, report, support, note, score), in the project's partition.</summary>
public sealed class ProjectRow : ITableEntity
{
    public const string ClaimPrefix = "claim|";
    public const string MilestonePrefix = "ms|";
    public const string ReportPrefix = "report|";
    public const string SupportPrefix = "support|";
    public const string NotePrefix = "note|";
    public const string ScorePrefix = "score|";
    public const string EvaluationPrefix = "eval|";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Who wrote it: a user name, a social unit, or the tracking code of the resident's request.</summary>
    public string By { get; set; } = string.Empty;

    public string? ByName { get; set; }

    public string? Text { get; set; }

    // Claims.
    public string? UnitId { get; set; }

    public string? UnitName { get; set; }

    /// <summary>money, materials, volunteer_hours or service.</summary>
    public string? PledgeKind { get; set; }

    public double? PledgeAmount { get; set; }

    /// <summary>pending, confirmed.</summary>
    public string? Status { get; set; }

    public bool IsLead { get; set; }

    // Milestones.
    public string? Owner { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public bool Escalated { get; set; }

    // Reports, scores, notes.
    public int? Percent { get; set; }

    /// <summary>JSON array of photo blob names.</summary>
    public string? Photos { get; set; }

    public int? Score { get; set; }

    public bool? Helped { get; set; }

    public bool? Feasible { get; set; }

    public static string Filter(string projectId, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {projectId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
}

/// <summary>The public board's row for a project: what the list pages show, rewritten after every step.</summary>
public sealed class BoardRow : ITableEntity
{
    public const string TableName = "projectboard";
    public const string Partition = "board";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Version { get; set; }

    public string Title { get; set; } = string.Empty;

    public string State { get; set; } = string.Empty;

    public string? Theme { get; set; }

    public string TownId { get; set; } = string.Empty;

    public string CommunityIds { get; set; } = "[]";

    public string? Batch { get; set; }

    public double Budget { get; set; }

    public string? LeadUnitName { get; set; }

    public string? Claimants { get; set; }

    public string? CoordinatorName { get; set; }

    public int Percent { get; set; }

    public int Supports { get; set; }

    public int LinkedRequests { get; set; }

    public DateTimeOffset StateEnteredAt { get; set; }

    public DateTimeOffset? ClaimDeadline { get; set; }

    public string? Recommendation { get; set; }

    public double? AverageScore { get; set; }

    public int Escalations { get; set; }

    /// <summary>The last project version whose events the linked residents have been notified of.</summary>
    public int NotifiedVersion { get; set; }
}
