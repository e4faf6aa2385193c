using ServerlessMinSheng.Analyzer;

namespace ServerlessMinSheng.Functions.Intake;

public sealed record TimelineEvent(DateTimeOffset At, string Kind, string Label, string? Detail);

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
        RequestStatus.Triaged => "已分类",
        _ => status.ToString(),
    };

    public static string Name(this Channel channel) => channel.ToString().ToLowerInvariant();

    public static string Name(this RequestStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The public steps of a request so far; later lifecycle steps add their own events.</summary>
    public static IReadOnlyList<TimelineEvent> Timeline(ResidentRequest request)
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

        return events.OrderBy(e => e.At).ToList();
    }

    public static PublicRequestView Public(ResidentRequest request, string? townName, string? communityName) => new(
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
        Timeline(request));
}
