using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Handling;

public sealed record UnitRef(string Kind, string Id, string? Name);

public sealed record ActionView(string Action, string Label);

public sealed record HistoryView(int Version, DateTimeOffset At, string Action, string Label, string From, string To, string Actor, string ActorLabel, string? Note, string? PublicNote)
{
    public static HistoryView Of(LifecycleEvent step) =>
        new(step.Version, step.At, step.Action, RequestHandling.ActionLabel(step.Action), step.FromState, step.ToState, step.Actor, step.ActorLabel, step.Note, step.PublicNote);
}

/// <summary>A request's handling as staff see it: state, deadline, who holds it, what this person may do now, and every step so far.</summary>
public sealed record HandlingView(
    string Code,
    string DisplayCode,
    string Title,
    string State,
    string StateLabel,
    int Version,
    UnitRef? AssignedUnit,
    string? Urgency,
    DateTimeOffset? DueAt,
    int EscalationLevel,
    string? ReplyOutcome,
    string? ReplyText,
    bool? RatedResolved,
    string? Satisfaction,
    IReadOnlyList<ActionView> Actions,
    IReadOnlyList<HistoryView> History);

/// <summary>A request in a unit's inbox; <c>Version</c> is what a step taken from the list sends, so a double click is answered as done.</summary>
public sealed record InboxItem(string Code, string DisplayCode, string Title, string State, string StateLabel, int Version, string? Grade, string? Theme, string CommunityId, string? Urgency, DateTimeOffset? DispatchedAt, DateTimeOffset? DueAt, int EscalationLevel, bool Overdue);

public sealed record UnitInboxView(UnitRef Unit, IReadOnlyList<InboxItem> Items);

public sealed record EscalationItem(string Lifecycle, string Key, string DisplayCode, string Title, int Level, string Reason, string? UnitName, string State, DateTimeOffset EscalatedAt, DateTimeOffset? DueAt);

public sealed record EscalationInboxView(string Inbox, string Label, IReadOnlyList<EscalationItem> Items);

public sealed record RatingInput(bool? Resolved, string? Satisfaction, string? Comment);

/// <summary>接诉即办 endpoints: a request's handling and actions, a unit's inbox, the escalation inbox, and the resident's rating.</summary>
public static class HandlingEndpoints
{
    public static IEndpointRouteBuilder MapHandling(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/staff/requests/{code}/handling", GetHandling).WithName(nameof(GetHandling));
        app.MapPost("/api/staff/requests/{code}/actions/{action}", TakeAction).WithName(nameof(TakeAction));
        app.MapGet("/api/handling/inbox", GetUnitInbox).WithName(nameof(GetUnitInbox)).RequireCapability(Capability.HandleRequests);
        app.MapGet("/api/escalations", GetEscalations).WithName(nameof(GetEscalations)).RequireCapability(Capability.SuperviseEscalations);
        app.MapPost("/api/requests/{code}/rating", RateRequest).WithName(nameof(RateRequest)).AllowAnonymous().RequireRateLimiting(IntakeEndpoints.SubmitRateLimit);
        return app;
    }

    public static async Task<Results<Ok<HandlingView>, ProblemHttpResult>> GetHandling(
        string code, ClaimsPrincipal user, RequestStore requests, RequestHandling handling, ScopeAuthorization scopes, CancellationToken cancellationToken)
    {
        var (request, problem) = await FindVisibleAsync(code, user, requests, scopes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(await ViewAsync(request!, Actor.Of(user), handling, cancellationToken));
    }

    public static async Task<Results<Ok<HandlingView>, ValidationProblem, ProblemHttpResult>> TakeAction(
        string code, string action, HandlingInput? input, ClaimsPrincipal user, RequestStore requests, RequestHandling handling, ScopeAuthorization scopes, CancellationToken cancellationToken)
    {
        if (RequestLifecycle.Table.Transitions.All(t => t.Action != action || t.Party == RequestParty.System || t.Party == RequestParty.Resident))
        {
            return Problems.Of(404, "unknown_action", "没有这个操作", $"Staff actions: {string.Join(", ", RequestLifecycle.Table.Transitions.Where(t => t.Party is RequestParty.Dispatcher or RequestParty.Assignee).Select(t => t.Action).Distinct())}.");
        }

        var (found, problem) = await FindVisibleAsync(code, user, requests, scopes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var actor = Actor.Of(user);
            var request = await handling.ApplyAsync(found!.Code, action, actor, input ?? new HandlingInput(), cancellationToken);
            return TypedResults.Ok(await ViewAsync(request, actor, handling, cancellationToken));
        }
        catch (ActionRefusedException ex)
        {
            return Refused(ex);
        }
        catch (HandlingInputException ex)
        {
            return ex.Validation.ToProblem();
        }
    }

    public static async Task<Results<Ok<UnitInboxView>, ProblemHttpResult>> GetUnitInbox(
        ClaimsPrincipal user, UnitInbox inbox, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var staff = StaffSession.From(user)!;
        var kind = staff.Role switch { Role.CommunityStaff => UnitKind.Community, Role.TownStaff => UnitKind.Town, Role.DepartmentStaff => UnitKind.Department, _ => (UnitKind?)null };
        if (kind is null || staff.ScopeId is null)
        {
            return Problems.Of(403, "no_unit", "您的账号不属于承办单位");
        }

        var unit = await registry.FindAsync(kind.Value, staff.ScopeId, cancellationToken);
        var now = time.GetUtcNow();
        var items = (await inbox.ListAsync(kind.Value.Name(), staff.ScopeId, cancellationToken)).Select(entry => new InboxItem(
            entry.Request.Code,
            TrackingCode.Display(entry.Request.Code),
            entry.Request.Title,
            entry.Request.Status.State(),
            RequestHandling.StateLabel(entry.Request),
            entry.Request.Version,
            entry.Request.Grade,
            entry.Request.Theme,
            entry.Request.CommunityId,
            entry.Request.Urgency,
            entry.Request.DispatchedAt,
            entry.Request.DueAt,
            entry.Request.EscalationLevel,
            entry.Request.DueAt < now)).ToList();
        return TypedResults.Ok(new UnitInboxView(new UnitRef(kind.Value.Name(), staff.ScopeId, unit?.Name), items));
    }

    public static async Task<Ok<IReadOnlyList<EscalationInboxView>>> GetEscalations(
        ClaimsPrincipal user, EscalationInbox escalations, IEnumerable<IEscalationSource> sources, UnitRegistry registry, CancellationToken cancellationToken)
    {
        var staff = StaffSession.From(user)!;
        var inboxes = new List<(string Key, string Label)>();
        if (staff.Role == Role.DistrictAdmin)
        {
            inboxes.Add((EscalationInbox.District, "区级督办"));
        }
        else if (staff.Role == Role.Coordinator)
        {
            inboxes.Add((EscalationInbox.Coordinator(Usernames.Normalize(staff.Username)), "我协调的项目"));
        }
        else if (staff.Role == Role.TownStaff && staff.ScopeId is not null)
        {
            var town = await registry.FindAsync(UnitKind.Town, staff.ScopeId, cancellationToken);
            inboxes.Add((EscalationInbox.Town(staff.ScopeId), $"{town?.Name ?? "街道"}督办"));
        }

        var judges = sources.ToList();
        var views = new List<EscalationInboxView>();
        foreach (var (key, label) in inboxes)
        {
            var rows = await escalations.ListAsync(key, judges, cancellationToken);
            views.Add(new EscalationInboxView(key, label, rows.Select(r => new EscalationItem(
                r.Lifecycle, r.EntityKey, r.Lifecycle == RequestLifecycle.Name ? TrackingCode.Display(r.EntityKey) : r.EntityKey.Split('|')[0], r.Title, r.Level, r.Reason, r.UnitName, r.State, r.EscalatedAt, r.DueAt)).ToList()));
        }

        return TypedResults.Ok<IReadOnlyList<EscalationInboxView>>(views);
    }

    /// <summary>The resident rates a replied request; the tracking code is the proof that it is theirs.</summary>
    public static async Task<Results<Ok<PublicRequestView>, ValidationProblem, ProblemHttpResult>> RateRequest(
        string code, RatingInput input, RequestHandling handling, UnitRegistry registry, Projects.ProjectService projects, Notifications.NotificationOutbox outbox, CancellationToken cancellationToken)
    {
        if (!TrackingCode.TryNormalize(code, out var normalized))
        {
            return Problems.Of(400, "invalid_tracking_code", "查询码有误，请核对");
        }

        try
        {
            var request = await handling.ApplyAsync(normalized, RequestLifecycle.Rate, Actor.Resident, new HandlingInput(Resolved: input.Resolved, Satisfaction: input.Satisfaction, Comment: input.Comment), cancellationToken);
            return TypedResults.Ok(await PublicViewAsync(request, handling, registry, projects, outbox, cancellationToken));
        }
        catch (ActionRefusedException ex)
        {
            return ex.Status == 409
                ? Problems.Of(409, "not_ratable", ex.State == "closed" ? "这条诉求已经评价或已办结" : "这条诉求还没有答复，答复后才能评价")
                : Refused(ex);
        }
        catch (HandlingInputException ex)
        {
            return ex.Validation.ToProblem();
        }
    }

    public static async Task<PublicRequestView> PublicViewAsync(
        ResidentRequest request, RequestHandling handling, UnitRegistry registry, Projects.ProjectService projects, Notifications.NotificationOutbox outbox, CancellationToken cancellationToken)
    {
        var community = await registry.FindAsync(UnitKind.Community, request.CommunityId, cancellationToken);
        var town = await registry.FindAsync(UnitKind.Town, request.TownId, cancellationToken);
        var history = request.Version == 0 ? [] : await handling.HistoryAsync(request, cancellationToken);
        var project = request.ProjectId is null ? null : await projects.FindAsync(request.ProjectId, cancellationToken);
        var linked = project is null ? null : new LinkedProjectView(
            project.Id, project.Title, project.State, Projects.ProjectService.StateLabel(project.State), project.State is "rejected" or "cancelled" or "suspended" ? project.Reason : null);
        // In-app notices: what happened to the micro-project this request was merged into.
        var notices = project is null ? [] : await outbox.ForAsync(Notifications.NotificationOutbox.ForRequest(request.Code), cancellationToken);
        var view = RequestLabels.Public(request, town?.Name, community?.Name, history, linked);
        return notices.Count == 0 ? view : view with
        {
            Timeline = [.. view.Timeline.Concat(Notifications.NotificationOutbox.ProjectSteps(notices)).OrderBy(e => e.At)],
        };
    }

    private static async Task<HandlingView> ViewAsync(ResidentRequest request, Actor actor, RequestHandling handling, CancellationToken cancellationToken)
    {
        var allowed = await handling.AllowedAsync(request, actor, cancellationToken);
        var history = await handling.HistoryAsync(request, cancellationToken);
        return new HandlingView(
            request.Code,
            TrackingCode.Display(request.Code),
            request.Title,
            request.Status.State(),
            RequestHandling.StateLabel(request),
            request.Version,
            request.AssignedUnitKind is null ? null : new UnitRef(request.AssignedUnitKind, request.AssignedUnitId!, request.AssignedUnitName),
            request.Urgency,
            request.DueAt,
            request.EscalationLevel,
            request.ReplyOutcome,
            request.ReplyText,
            request.RatedResolved,
            request.Satisfaction,
            allowed.Select(a => new ActionView(a, RequestHandling.ActionLabel(a))).ToList(),
            history.Select(HistoryView.Of).ToList());
    }

    /// <summary>Staff may see a request they could dispatch, hold, or supervise as its town or the district.</summary>
    private static async Task<(ResidentRequest? Request, ProblemHttpResult? Problem)> FindVisibleAsync(
        string code, ClaimsPrincipal user, RequestStore requests, ScopeAuthorization scopes, CancellationToken cancellationToken)
    {
        var staff = StaffSession.From(user);
        if (staff is null)
        {
            return (null, Problems.Of(401, "unauthenticated", "请先登录"));
        }

        if (!TrackingCode.TryNormalize(code, out var normalized))
        {
            return (null, Problems.Of(400, "invalid_tracking_code", "查询码有误，请核对"));
        }

        var request = await requests.FindAsync(normalized, cancellationToken);
        if (request is null)
        {
            return (null, Problems.Of(404, "not_found", "没有这个诉求"));
        }

        var visible = RequestHandling.IsAssignee(staff, request)
            || (staff.Has(Capability.DispatchRequests) && await scopes.CanAccessCommunityAsync(user, request.CommunityId, cancellationToken))
            || (staff.Has(Capability.SuperviseEscalations) && (staff.Role == Role.DistrictAdmin || staff.ScopeId == request.TownId));
        return visible ? (request, null) : (null, Problems.Of(403, "out_of_scope", "此诉求不在您的工作范围内"));
    }

    private static ProblemHttpResult Refused(ActionRefusedException ex) => TypedResults.Problem(
        statusCode: ex.Status,
        title: ex.Message,
        extensions: new Dictionary<string, object?> { ["code"] = ex.Code, ["state"] = ex.State, ["allowedActions"] = ex.Allowed });
}
