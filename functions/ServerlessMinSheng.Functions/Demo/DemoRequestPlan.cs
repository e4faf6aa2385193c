using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>Where a demo request's story stops: every state of quick handling, and the escalated ones.</summary>
public enum DemoRequestFate
{
    /// <summary>Triaged by the analyzer, not yet reviewed by staff (in the triage queue).</summary>
    AwaitingReview,

    /// <summary>Reviewed, waiting to be dispatched.</summary>
    AwaitingDispatch,

    /// <summary>Dispatched to the wrong unit, which sent it back: waiting to be dispatched again.</summary>
    Returned,
    AwaitingSign,

    /// <summary>Not signed for in time: in its town's 督办 inbox.</summary>
    SignEscalated1,

    /// <summary>Not signed for two hours after that either: in the district's inbox.</summary>
    SignEscalated2,
    InProgress,

    /// <summary>Signed, but the reply is late: escalated (level 1 or 2 by how late).</summary>
    ReplyEscalated,
    AwaitingRating,
    Rated,

    /// <summary>Replied, never rated: closed by the rating deadline.</summary>
    Unrated,
    Duplicate,

    /// <summary>Merged into a micro-project when it was proposed.</summary>
    Merged,
}

/// <summary>One demo request: its content, where its story stops, and when each of its steps happens.</summary>
public sealed class DemoRequestPlan
{
    public required int Number { get; init; }

    public required DemoCommunity Community { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public DemoRequestKind? Kind { get; init; }

    public string? Address { get; init; }

    public string? Phone { get; init; }

    public bool IsPublic { get; init; }

    public required Channel Channel { get; init; }

    public string? PartnerId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required DemoRequestFate Fate { get; init; }

    /// <summary>The project it is merged into (fate <see cref="DemoRequestFate.Merged"/>).</summary>
    public string? Project { get; init; }

    /// <summary>The earlier request it repeats (fate <see cref="DemoRequestFate.Duplicate"/>).</summary>
    public DemoRequestPlan? DuplicateOf { get; init; }

    public DateTimeOffset ReviewAt { get; set; }

    public DateTimeOffset DispatchAt { get; set; }

    /// <summary>Set when it first goes to the wrong unit, which returns it at <see cref="ReturnAt"/>; dispatched again at <see cref="RedispatchAt"/>.</summary>
    public string? WrongHandler { get; set; }

    public DateTimeOffset ReturnAt { get; set; }

    public DateTimeOffset RedispatchAt { get; set; }

    public DateTimeOffset SignAt { get; set; }

    public DateTimeOffset ReplyAt { get; set; }

    public DateTimeOffset RateAt { get; set; }

    public string Outcome { get; set; } = "resolved";

    public bool Resolved { get; set; }

    public string Satisfaction { get; set; } = "satisfied";

    public string? Comment { get; set; }

    /// <summary>The tracking code, once stored.</summary>
    public string? Code { get; set; }

    public string Grade => Kind?.Grade ?? "C";

    public string Handler => Kind?.Handler ?? "community";
}
