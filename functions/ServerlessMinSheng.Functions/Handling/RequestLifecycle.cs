using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Functions.Handling;

/// <summary>Who may take a step of quick handling.</summary>
public static class RequestParty
{
    /// <summary>Staff who dispatch requests in the request's area (district, its town, its community).</summary>
    public const string Dispatcher = "dispatcher";

    /// <summary>Staff of the unit the request is dispatched to.</summary>
    public const string Assignee = "assignee";

    /// <summary>The resident, proven by the tracking code.</summary>
    public const string Resident = "resident";

    /// <summary>A deadline falling due.</summary>
    public const string System = "system";
}

/// <summary>Quick handling (接诉即办) of C and B requests, as a transition table.</summary>
public static class RequestLifecycle
{
    public const string Name = "request";

    public const string Dispatch = "dispatch";
    public const string Sign = "sign";
    public const string Return = "return";
    public const string Reply = "reply";
    public const string Rate = "rate";
    public const string CloseDuplicate = "close_duplicate";
    public const string EscalateSign = "escalate_sign";
    public const string EscalateReply = "escalate_reply";
    public const string CloseUnrated = "close_unrated";
    public const string Merge = "merge";

    /// <summary>Timers: the step a deadline takes when it falls due in the state it was set in.</summary>
    public const string SignDue = "sign_due";
    public const string ReplyDue = "reply_due";
    public const string RatingDue = "rating_due";

    /// <summary>Not a step: publishes a step's notices if the process died before it could.</summary>
    public const string Notify = "notify";

    public static readonly LifecycleTable Table = new(
        Name,
        "诉求接诉即办 (request quick handling)",
        [
            new("triaged", "待派单"),
            new("dispatched", "待签收"),
            new("signed", "办理中"),
            new("replied", "已答复，待评价"),
            new("closed", "已办结", IsFinal: true),
            new("duplicate", "重复诉求，已合并办结", IsFinal: true),
            new("merged", "已纳入民心微实事项目", IsFinal: true),
        ],
        [
            new(Dispatch, ["triaged"], "dispatched", RequestParty.Dispatcher, "派单"),
            new(CloseDuplicate, ["triaged"], "duplicate", RequestParty.Dispatcher, "按重复诉求办结"),
            new(Sign, ["dispatched"], "signed", RequestParty.Assignee, "签收"),
            new(Return, ["dispatched", "signed"], "triaged", RequestParty.Assignee, "退回重派"),
            new(Reply, ["signed"], "replied", RequestParty.Assignee, "答复"),
            new(Rate, ["replied"], "closed", RequestParty.Resident, "评价"),
            new(EscalateSign, ["dispatched"], "dispatched", RequestParty.System, "超时未签收，升级督办"),
            new(EscalateReply, ["signed"], "signed", RequestParty.System, "超时未答复，升级督办"),
            new(CloseUnrated, ["replied"], "closed", RequestParty.System, "评价期满，自动办结"),
            new(Merge, ["triaged", "dispatched", "signed"], "merged", RequestParty.System, "纳入民心微实事项目"),
        ]);

    public static string State(this RequestStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>Deadlines of quick handling; defaults from the issue, configurable per deployment (section <c>Handling</c>).</summary>
public sealed class HandlingOptions
{
    /// <summary>Sign within this long of dispatch.</summary>
    public TimeSpan SignWithin { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan UrgentSignWithin { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Reply within this long of signing, for a C request (a single concrete fix).</summary>
    public TimeSpan ReplyWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Reply within this long for a B request (complex, several departments).</summary>
    public TimeSpan ComplexReplyWithin { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan UrgentReplyWithin { get; set; } = TimeSpan.FromHours(4);

    /// <summary>After an escalation to the town/street, how long until it goes on to the district (督办).</summary>
    public TimeSpan SupervisionAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long the resident may rate a reply before the request closes unrated.</summary>
    public TimeSpan RatingWindow { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan SignDeadline(string urgency) => urgency == "urgent" ? UrgentSignWithin : SignWithin;

    public TimeSpan ReplyDeadline(string urgency, string? grade) =>
        urgency == "urgent" ? UrgentReplyWithin : grade is "A" or "B" ? ComplexReplyWithin : ReplyWithin;
}
