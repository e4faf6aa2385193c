using ServerlessMinSheng.Analyzer;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Functions.Intake;

public sealed record TimelineEvent(DateTimeOffset At, string Kind, string Label, string? Detail);

/// <summary>The micro-project a request was merged into, as its resident sees it (with the reason when it was rejected or cancelled).</summary>
public sealed record LinkedProjectView(string Id, string Title, string State, string StateLabel, string? Reason);

/// <summary>What anyone holding the tracking code sees: redacted text, never the phone number.</summary>
public sealed record PublicRequestView(
    string TrackingCode,
    string DisplayCode,
    string Status,
    string StatusLabel,
    string Channel,
    string ChannelLabel,
    DateTimeOffset ReceivedAt,
    string? TownName,
    string? CommunityName,
    string Title,
    string Description,
    bool IsPublic,
    string? Theme,
    string? Grade,
    bool CanRate,
    DateTimeOffset? RateBefore,
    LinkedProjectView? Project,
    IReadOnlyList<TimelineEvent> Timeline);

public static class RequestLabels
{
    public static string Channel(Channel channel) => channel switch
    {
        Intake.Channel.Web => "网上提交",
        Intake.Channel.Partner => "热线及合作平台",
        Intake.Channel.Phone => "电话受理",
        Intake.Channel.Visit => "入户走访",
        Intake.Channel.Meeting => "居民议事会",
        Intake.Channel.Survey => "年度问卷",
        _ => channel.ToString(),
    };

    public static string Status(RequestStatus status) => status switch
    {
        RequestStatus.Received => "已受理",
        RequestStatus.Triaged => "已分类，待派单",
        RequestStatus.Dispatched => "已派单，待签收",
        RequestStatus.Signed => "办理中",
        RequestStatus.Replied => "已答复，待评价",
        RequestStatus.Closed => "已办结",
        RequestStatus.Duplicate => "重复诉求，已合并办理",
        RequestStatus.Merged => "已纳入民心微实事项目",
        _ => status.ToString(),
    };

    public static string Name(this Channel channel) => channel.ToString().ToLowerInvariant();

    public static string Name(this RequestStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The public steps of a request so far: intake, triage, review, then each handling step with a public note.</summary>
    public static IReadOnlyList<TimelineEvent> Timeline(ResidentRequest request, IReadOnlyList<LifecycleEvent> history)
    {
        var events = new List<TimelineEvent> { new(request.ReceivedAt, "received", "诉求已受理", Channel(request.Channel)) };
        if (request.TriagedAt is { } triaged)
        {
            events.Add(new(triaged, "triaged", "已完成分类", request.Theme is null ? null : $"主题：{request.Theme}"));
        }

        if (request.ReviewedAt is { } reviewed)
        {
            events.Add(new(reviewed, "reviewed", "工作人员已核实", request.Theme is null ? null : $"主题：{request.Theme}"));
        }

        foreach (var step in history.Where(h => h.PublicNote is not null).OrderBy(h => h.Version))
        {
            events.Add(new(step.At, step.Action, Handling.RequestHandling.ActionLabel(step.Action), step.PublicNote));
        }

        return events.OrderBy(e => e.At).ToList();
    }

    public static PublicRequestView Public(ResidentRequest request, string? townName, string? communityName, IReadOnlyList<LifecycleEvent> history, LinkedProjectView? project = null) => new(
        request.Code,
        TrackingCode.Display(request.Code),
        request.Status.Name(),
        Status(request.Status),
        request.Channel.Name(),
        Channel(request.Channel),
        request.ReceivedAt,
        townName,
        communityName,
        request.RedactedTitle ?? TextAnalyzer.Redact(request.Title).Text,
        request.RedactedDescription ?? TextAnalyzer.Redact(request.Description).Text,
        request.IsPublic,
        request.Theme,
        request.Grade,
        request.Status == RequestStatus.Replied,
        request.Status == RequestStatus.Replied ? request.DueAt : null,
        project,
        Timeline(request, history));
}
