using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Triage;

public sealed record DuplicateView(string Code, string DisplayCode, string Title);

public sealed record ClusterView(string Id, IReadOnlyList<string> Label, int Size);

public sealed record StaffRequestView(
    string TrackingCode, string DisplayCode, string Status, string StatusLabel, string Channel, string ChannelLabel, DateTimeOffset ReceivedAt,
    string? EnteredBy, string? TownName, string CommunityId, string? CommunityName, string Title, string Description, string? Address, string? Phone,
    bool IsPublic, string? Theme, string? Department, string? Grade, string? SuggestedTheme, string? SuggestedDepartment, string? SuggestedGrade,
    double? ThemeConfidence, double? DepartmentConfidence, IReadOnlyList<string> GradeReasons, IReadOnlyList<string> KeyPhrases,
    DuplicateView? DuplicateOf, double? DuplicateScore, ClusterView? Cluster, DateTimeOffset? ReviewedAt, string? ReviewedBy, IReadOnlyList<TimelineEvent> Timeline);

/// <summary>A request as staff in its area see it: the original text and, for a call-back, the phone number.</summary>
public sealed class StaffRequestReader(RequestStore requests, UnitRegistry registry, ScopeAuthorization scope, ContactProtector contacts, ClusterProjection clusters)
{
    public async Task<(StaffRequestView? View, ProblemHttpResult? Problem)> ReadAsync(string code, ClaimsPrincipal user, CancellationToken cancellationToken)
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

        if (!await scope.CanAccessCommunityAsync(user, request.CommunityId, cancellationToken))
        {
            return (null, Problems.Of(403, "out_of_scope", "无权查看其他社区的诉求"));
        }

        var community = await registry.FindAsync(UnitKind.Community, request.CommunityId, cancellationToken);
        var town = await registry.FindAsync(UnitKind.Town, request.TownId, cancellationToken);
        var duplicate = request.DuplicateOf is null ? null : await requests.FindAsync(request.DuplicateOf, cancellationToken);
        var cluster = request.ClusterId is null ? null : await clusters.FindAsync(request.ClusterId, cancellationToken);
        return (new StaffRequestView(
            request.Code, TrackingCode.Display(request.Code), request.Status.Name(), RequestLabels.Status(request.Status), request.Channel.Name(),
            RequestLabels.Channel(request.Channel), request.ReceivedAt, request.EnteredBy, town?.Name, request.CommunityId, community?.Name,
            request.Title, request.Description, request.Address, contacts.Unprotect(request.ProtectedContact), request.IsPublic,
            request.Theme, request.Department, request.Grade, request.SuggestedTheme, request.SuggestedDepartment, request.SuggestedGrade,
            request.ThemeConfidence, request.DepartmentConfidence, ReviewEndpoints.JsonList(request.GradeReasons), ReviewEndpoints.JsonList(request.KeyPhrases),
            duplicate is null ? null : new DuplicateView(duplicate.Code, TrackingCode.Display(duplicate.Code), duplicate.RedactedTitle ?? duplicate.Title),
            request.DuplicateScore, cluster is null ? null : new ClusterView(cluster.RowKey, cluster.LabelPhrases(), cluster.Size),
            request.ReviewedAt, request.ReviewedBy, RequestLabels.Timeline(request, [])), null);
    }
}
