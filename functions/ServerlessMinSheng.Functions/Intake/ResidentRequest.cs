using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Intake;

/// <summary>How a request reached us.</summary>
public enum Channel
{
    Web,
    Partner,
    Phone,
    Visit,
    Meeting,
    Survey,
}

public enum RequestStatus
{
    Received,
    Triaged,
    Dispatched,
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "签收: the unit has signed for the request; not a numeric type.")]
    Signed,
    Replied,
    Closed,
    Duplicate,
    Merged,
}

/// <summary>
/// One resident request, whatever its channel. Partition = the first five characters of its tracking
/// code (the bucket), row key = the code; requests that arrive together share a bucket and are written
/// in one transaction. The resident's text stays as written (staff see it); the public sees the
/// redacted copy that triage makes. The phone number is encrypted and never leaves staff pages.
/// </summary>
public sealed class ResidentRequest : ITableEntity
{
    public const string TableName = "requests";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Code => RowKey;

    public Channel Channel { get; set; }

    /// <summary>
    /// What makes a submission the same submission (a partner's own id, an import line, a form's
    /// idempotency key): a second arrival with the same key is the same request, never a new one.
    /// </summary>
    public string SourceKey { get; set; } = string.Empty;

    public string? PartnerId { get; set; }

    public string? PartnerRef { get; set; }

    public string? ImportId { get; set; }

    public int? ImportLine { get; set; }

    public string? EnteredBy { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The hour (UTC, yyyyMMddHH) whose pending-triage marker covers this request until it is triaged.</summary>
    public string IntakeHour { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string CommunityId { get; set; } = string.Empty;

    public string TownId { get; set; } = string.Empty;

    public string? Address { get; set; }

    /// <summary>The call-back phone number, encrypted with ASP.NET Data Protection.</summary>
    public string? ProtectedContact { get; set; }

    public bool IsPublic { get; set; }

    public RequestStatus Status { get; set; }

    public DateTimeOffset? TriagedAt { get; set; }

    /// <summary>When triage's results reached the projections (triage queue, needs map, clusters).</summary>
    public DateTimeOffset? ProjectedAt { get; set; }

    /// <summary>The analyzer's suggestions, kept so staff corrections can be told apart and learned from.</summary>
    public string? SuggestedTheme { get; set; }

    public string? SuggestedDepartment { get; set; }

    public string? SuggestedGrade { get; set; }

    /// <summary>Current theme: the suggestion until staff confirm or correct it.</summary>
    public string? Theme { get; set; }

    public double? ThemeConfidence { get; set; }

    public string? Department { get; set; }

    public double? DepartmentConfidence { get; set; }

    public string? Grade { get; set; }

    /// <summary>JSON array of the reasons for the suggested grade.</summary>
    public string? GradeReasons { get; set; }

    /// <summary>JSON array of key phrases.</summary>
    public string? KeyPhrases { get; set; }

    public string? RedactedTitle { get; set; }

    public string? RedactedDescription { get; set; }

    public string? DuplicateOf { get; set; }

    public double? DuplicateScore { get; set; }

    public string? ClusterId { get; set; }

    public int Reviews { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewedBy { get; set; }

    /// <summary>The month (yyyy-MM, deployment time zone) the request counts in on the needs map.</summary>
    public string Month { get; set; } = string.Empty;

    // Quick handling (接诉即办): see Handling/RequestLifecycle.cs.

    /// <summary>Lifecycle version: one more with every handling step; history row <c>{code}~{version}</c> records that step.</summary>
    public int Version { get; set; }

    /// <summary>The version at which the request entered its current state (escalations and inbox rows are checked against it).</summary>
    public int StateVersion { get; set; }

    public DateTimeOffset? StateEnteredAt { get; set; }

    /// <summary>The unit responsible now: community, town or department.</summary>
    public string? AssignedUnitKind { get; set; }

    public string? AssignedUnitId { get; set; }

    public string? AssignedUnitName { get; set; }

    public string? Urgency { get; set; }

    /// <summary>The deadline of the current step (sign, reply or rating).</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>0 on time; 1 escalated to the town/street; 2 to the district (督办).</summary>
    public int EscalationLevel { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public DateTimeOffset? SignDueAt { get; set; }

    public DateTimeOffset? SignedAt { get; set; }

    public DateTimeOffset? RepliedAt { get; set; }

    /// <summary>resolved, unresolved or explained.</summary>
    public string? ReplyOutcome { get; set; }

    public string? ReplyText { get; set; }

    public DateTimeOffset? RatedAt { get; set; }

    public bool? RatedResolved { get; set; }

    /// <summary>satisfied, basically_satisfied or unsatisfied.</summary>
    public string? Satisfaction { get; set; }

    public string? RatingComment { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>rated, unrated or duplicate.</summary>
    public string? CloseReason { get; set; }

    public string? ClosedAsDuplicateOf { get; set; }

    public int Returns { get; set; }

    /// <summary>The micro-project this request was merged into.</summary>
    public string? ProjectId { get; set; }

    public string? ProjectTitle { get; set; }
}
