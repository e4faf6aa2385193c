using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Notifications;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Triage;

public sealed record DuplicateView(string Code, string DisplayCode, string Title);

public sealed record ClusterView(string Id, IReadOnlyList<string> Label, int Size);

/// <summary>
/// A request as staff see it. <c>Phone</c> is null and <c>ContactHidden</c> true when the resident left a number this
/// reader may not see; <c>CanReview</c> says whether this reader may confirm or correct the triage.
/// </summary>
public sealed record StaffRequestView(
    string TrackingCode, string DisplayCode, string Status, string StatusLabel, string Channel, string ChannelLabel, DateTimeOffset ReceivedAt,
    string? EnteredBy, string? TownName, string CommunityId, string? CommunityName, string Title, string Description, string? Address, string? Phone,
    bool ContactHidden, bool IsPublic, string? Theme, string? Department, string? Grade, string? SuggestedTheme, string? SuggestedDepartment, string? SuggestedGrade,
    double? ThemeConfidence, double? DepartmentConfidence, IReadOnlyList<string> GradeReasons, IReadOnlyList<string> KeyPhrases,
    DuplicateView? DuplicateOf, double? DuplicateScore, ClusterView? Cluster, DateTimeOffset? ReviewedAt, string? ReviewedBy,
    IReadOnlyList<TimelineEvent> Timeline, IReadOnlyList<HistoryView> History, bool CanReview);

/// <summary>
/// A request as staff see it: the original text, its triage, its timeline and every handling step with the staff's notes.
/// Two kinds of reader: staff who review triage in the request's area, and the unit it is dispatched to
/// (<see cref="RequestHandling.IsAssignee"/>), which must read what it is asked to handle. Only the first see the
/// resident's call-back number and may change the triage; the unit answers the resident through its reply.
/// </summary>
public sealed class StaffRequestReader(
    RequestStore requests, UnitRegistry registry, ScopeAuthorization scope, ContactProtector contacts, ClusterProjection clusters, RequestHandling handling, NotificationOutbox outbox)
{
    public Task<(StaffRequestView? View, ProblemHttpResult? Problem)> ReadAsync(string code, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ReadAsync(code, user, assigneeMayRead: true, cancellationToken);

    /// <summary>The request for someone about to change its triage: reviewers in its area only.</summary>
    public Task<(StaffRequestView? View, ProblemHttpResult? Problem)> ReadForReviewAsync(string code, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ReadAsync(code, user, assigneeMayRead: false, cancellationToken);

    private async Task<(StaffRequestView? View, ProblemHttpResult? Problem)> ReadAsync(string code, ClaimsPrincipal user, bool assigneeMayRead, CancellationToken cancellationToken)
    {
        if (!TrackingCode.TryNormalize(code, out var normalized))
        {
            return (null, Problems.Of(400, "invalid_tracking_code", "查询码有误，请核对"));
        }

        var request = await requests.FindAsync(normalized, cancellationToken);
        if (request is null)
        {
            return (null, Problems.Of(404, "not_found", "没有找到这个诉求"));
        }

        var staff = StaffSession.From(user);
        var reviewer = staff is not null && staff.Has(Capability.ReviewTriage) && await scope.CanAccessCommunityAsync(user, request.CommunityId, cancellationToken);
        var assignee = assigneeMayRead && staff is not null && RequestHandling.IsAssignee(staff, request);
        if (!reviewer && !assignee)
        {
            return (null, Problems.Of(403, "out_of_scope", assigneeMayRead ? "此诉求不在您的工作范围内" : "无权查看其他社区的诉求"));
        }

        var community = await registry.FindAsync(UnitKind.Community, request.CommunityId, cancellationToken);
        var town = await registry.FindAsync(UnitKind.Town, request.TownId, cancellationToken);
        var duplicate = request.DuplicateOf is null ? null : await requests.FindAsync(request.DuplicateOf, cancellationToken);
        var cluster = request.ClusterId is null ? null : await clusters.FindAsync(request.ClusterId, cancellationToken);
        var history = request.Version == 0 ? [] : await handling.HistoryAsync(request, cancellationToken);
        var notices = request.ProjectId is null ? [] : await outbox.ForAsync(NotificationOutbox.ForRequest(request.Code), cancellationToken);
        var timeline = RequestLabels.Timeline(request, history).Concat(NotificationOutbox.ProjectSteps(notices)).OrderBy(e => e.At).ToList();
        return (new StaffRequestView(
            request.Code, TrackingCode.Display(request.Code), request.Status.Name(), RequestLabels.Status(request.Status), request.Channel.Name(),
            RequestLabels.Channel(request.Channel), request.ReceivedAt, request.EnteredBy, town?.Name, request.CommunityId, community?.Name,
            request.Title, request.Description, request.Address, reviewer ? contacts.Unprotect(request.ProtectedContact) : null,
            !reviewer && request.ProtectedContact is not null, request.IsPublic,
            request.Theme, request.Department, request.Grade, request.SuggestedTheme, request.SuggestedDepartment, request.SuggestedGrade,
            request.ThemeConfidence, request.DepartmentConfidence, ReviewEndpoints.JsonList(request.GradeReasons), ReviewEndpoints.JsonList(request.KeyPhrases),
            duplicate is null ? null : new DuplicateView(duplicate.Code, TrackingCode.Display(duplicate.Code), duplicate.RedactedTitle ?? duplicate.Title),
            request.DuplicateScore, cluster is null ? null : new ClusterView(cluster.RowKey, cluster.LabelPhrases(), cluster.Size),
            request.ReviewedAt, request.ReviewedBy, timeline, history.OrderBy(h => h.Version).Select(HistoryView.Of).ToList(), reviewer), null);
    }
}
