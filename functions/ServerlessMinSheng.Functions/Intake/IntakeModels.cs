namespace ServerlessMinSheng.Functions.Intake;

/// <summary>A request as a channel hands it over, before it is stored.</summary>
public sealed record NewRequest(
    Channel Channel,
    string Title,
    string Description,
    string CommunityId,
    string? Address,
    string? Phone,
    bool IsPublic,
    DateTimeOffset ReceivedAt,
    string? PartnerId = null,
    string? PartnerRef = null,
    string? ImportId = null,
    int? ImportLine = null,
    string? EnteredBy = null);

/// <summary>Queue message: triage these requests of one bucket.</summary>
public sealed record TriageRequested(string Bucket, IReadOnlyList<string> Codes);

/// <summary>The body of the resident form and of staff entry (staff add a channel).</summary>
public sealed record RequestInput(
    string? Title,
    string? Description,
    string? CommunityId,
    string? Address,
    string? Phone,
    bool? IsPublic,
    string? IdempotencyKey,
    string? Website,
    string? Channel);

public sealed record SubmittedRequest(string TrackingCode, string DisplayCode, string TrackUrl, string Status);

/// <summary>One request to store: its idempotency key, its content, and the town of its community.</summary>
public sealed record IntakeItem(string SourceKey, NewRequest Request, string TownId);

/// <summary>Where an item ended up: its code, and whether this call created it or found it stored already.</summary>
public sealed record IntakeOutcome(string Code, bool Created);
