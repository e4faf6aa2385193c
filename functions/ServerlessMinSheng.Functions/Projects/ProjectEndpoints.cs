using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Projects;

public sealed record ClaimView(string UnitId, string? UnitName, string? PledgeKind, string PledgeLabel, double? PledgeAmount, string? Text, string? Status, bool IsLead, DateTimeOffset At);

public sealed record MilestoneView(int Number, string? Title, string? Owner, DateTimeOffset? DueAt, DateTimeOffset? DoneAt, bool Overdue, bool Escalated);

public sealed record ReportView(DateTimeOffset At, int? Percent, string? Text, IReadOnlyList<string> Photos);

public sealed record NoteView(string? ByName, bool? Feasible, string? Text, DateTimeOffset At);

public sealed record ProjectTimelineEvent(int Version, DateTimeOffset At, string Action, string Label, string? Note, string? StaffNote, string? ActorLabel);

public sealed record ProjectView(
    string Id,
    string Title,
    string Description,
    string? Theme,
    string TownId,
    IReadOnlyList<UnitRef> Communities,
    double Budget,
    string State,
    string StateLabel,
    int Version,
    string? Batch,
    DateTimeOffset? ClaimDeadline,
    string? CoordinatorName,
    string? LeadUnitName,
    bool GovernmentFunded,
    int Percent,
    string? Reason,
    string? Evidence,
    IReadOnlyList<string> EvidencePhotos,
    DateTimeOffset? EvaluationEndsAt,
    string? Recommendation,
    string? RecommendationLabel,
    double? AverageScore,
    int ScoreCount,
    double? HelpedShare,
    double? SatisfiedShare,
    int Supports,
    int LinkedRequests,
    IReadOnlyList<ClaimView> Claims,
    IReadOnlyList<MilestoneView> Milestones,
    IReadOnlyList<ReportView> Reports,
    IReadOnlyList<NoteView> FeasibilityNotes,
    IReadOnlyList<NoteView> ObserverEvaluations,
    IReadOnlyList<ActionView> Actions,
    IReadOnlyList<ProjectTimelineEvent> Timeline);

public sealed record BoardItem(string Id, string Title, string State, string StateLabel, string? Theme, string TownId, string? Batch, double Budget, string? LeadUnitName, string? Claimants,
    string? CoordinatorName, int Percent, int Supports, int LinkedRequests, DateTimeOffset StateEnteredAt, DateTimeOffset? ClaimDeadline, string? Recommendation, double? AverageScore, int Escalations);

public sealed record SupportInput(string? TrackingCode);

public sealed record ScoreInput(string? TrackingCode, int? Score, bool? Helped, string? Comment);

public sealed record NoteInput(bool? Feasible, string? Text);

public sealed record PhotoSaved(string Name, string Url);

/// <summary>民心微实事 endpoints: propose, the board, a project's detail and steps, resident support and scores, notes, photos.</summary>
public static class ProjectEndpoints
{
    public const string ResidentRateLimit = IntakeEndpoints.SubmitRateLimit;

    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects", ProposeProject).WithName(nameof(ProposeProject)).RequireCapability(Capability.ManageProjects);
        app.MapGet("/api/projects", GetProjectBoard).WithName(nameof(GetProjectBoard)).AllowAnonymous();
        app.MapGet("/api/projects/clusters", ProjectClusterEndpoints.GetClusterCandidates).WithName(nameof(ProjectClusterEndpoints.GetClusterCandidates)).RequireCapability(Capability.ManageProjects);
        app.MapGet("/api/projects/{id}", GetProject).WithName(nameof(GetProject)).AllowAnonymous();
        app.MapPost("/api/projects/{id}/actions/{action}", TakeProjectAction).WithName(nameof(TakeProjectAction));
        app.MapPost("/api/projects/{id}/support", SupportProject).WithName(nameof(SupportProject)).AllowAnonymous().RequireRateLimiting(ResidentRateLimit);
        app.MapPost("/api/projects/{id}/scores", ScoreProject).WithName(nameof(ScoreProject)).AllowAnonymous().RequireRateLimiting(ResidentRateLimit);
        app.MapPost("/api/projects/{id}/notes", AddFeasibilityNote).WithName(nameof(AddFeasibilityNote)).RequireCapability(Capability.AdviseProjects);
        app.MapPost("/api/projects/{id}/evaluations", AddObserverEvaluation).WithName(nameof(AddObserverEvaluation)).RequireCapability(Capability.EvaluateProjects);
        app.MapPost("/api/projects/{id}/photos", UploadProjectPhoto).WithName(nameof(UploadProjectPhoto)).WithRequestSizeLimit(ProjectPhotos.MaxBytes + (64 * 1024));
        app.MapGet("/api/projects/{id}/photos/{name}", GetProjectPhoto).WithName(nameof(GetProjectPhoto)).AllowAnonymous();
        return app;
    }

    public static async Task<Results<Created<ProjectView>, Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> ProposeProject(
        ProposalInput input, ClaimsPrincipal user, ProjectService projects, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            var actor = Actor.Of(user);
            var (project, created) = await projects.ProposeAsync(input, actor, cancellationToken);
            var view = await ViewAsync(project, actor, projects, registry, time, cancellationToken);
            return created ? TypedResults.Created($"/api/projects/{project.Id}", view) : TypedResults.Ok(view);
        }
        catch (HandlingInputException ex)
        {
            return ex.Validation.ToProblem();
        }
        catch (ActionRefusedException ex)
        {
            return Refused(ex);
        }
    }

    public static async Task<Ok<IReadOnlyList<BoardItem>>> GetProjectBoard(
        ClaimsPrincipal user, AppTables tables, string? state, string? batch, string? townId, string? theme, CancellationToken cancellationToken)
    {
        var staff = StaffSession.From(user) is not null;
        var table = await tables.GetAsync(BoardRow.TableName, cancellationToken);
        var rows = await table.QueryAsync<BoardRow>(TableClient.CreateQueryFilter($"PartitionKey eq {BoardRow.Partition}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var items = rows
            .Where(r => staff || r.State != "proposed")
            .Where(r => state is null || r.State == state)
            .Where(r => batch is null || r.Batch == batch)
            .Where(r => townId is null || r.TownId == townId)
            .Where(r => theme is null || r.Theme == theme)
            .OrderByDescending(r => r.StateEnteredAt)
            .Select(r => new BoardItem(r.RowKey, r.Title, r.State, ProjectService.StateLabel(r.State), r.Theme, r.TownId, r.Batch, r.Budget, r.LeadUnitName, r.Claimants,
                r.CoordinatorName, r.Percent, r.Supports, r.LinkedRequests, r.StateEnteredAt, r.ClaimDeadline, r.Recommendation, r.AverageScore, r.Escalations))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<BoardItem>>(items);
    }

    public static async Task<Results<Ok<ProjectView>, ProblemHttpResult>> GetProject(
        string id, ClaimsPrincipal user, ProjectService projects, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        var staff = StaffSession.From(user);
        if (project is null || (staff is null && project.State == "proposed"))
        {
            return Problems.Of(404, "not_found", "没有这个项目");
        }

        return TypedResults.Ok(await ViewAsync(project, staff is null ? null : Actor.Of(user), projects, registry, time, cancellationToken));
    }

    public static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> TakeProjectAction(
        string id, string action, ProjectInput? input, ClaimsPrincipal user, ProjectService projects, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        if (StaffSession.From(user) is null)
        {
            return Problems.Of(401, "unauthenticated", "请先登录");
        }

        if (ProjectLifecycle.Table.Transitions.All(t => t.Action != action || t.Party == ProjectParty.System))
        {
            return Problems.Of(404, "unknown_action", "没有这个操作");
        }

        try
        {
            var actor = Actor.Of(user);
            var project = await projects.ApplyAsync(id, action, actor, input ?? new ProjectInput(), cancellationToken);
            return TypedResults.Ok(await ViewAsync(project, actor, projects, registry, time, cancellationToken));
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

    /// <summary>
    /// A resident supports a project in deliberation. Anti-abuse rule: the tracking code of one of the
    /// resident's own requests from a community the project serves is the ballot, and each code counts
    /// once per project (a second tick answers 200 and changes nothing).
    /// </summary>
    public static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> SupportProject(
        string id, SupportInput input, ProjectService projects, RequestStore requests, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var (project, code, problem) = await ResidentBallotAsync(id, input.TrackingCode, "deliberating", "项目不在议事阶段，不能表态支持", projects, requests, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await projects.AddRowAsync(project!, new ProjectRow { RowKey = ProjectRow.SupportPrefix + code, At = time.GetUtcNow(), By = code! }, cancellationToken);
        return TypedResults.Ok(await ViewAsync(project!, null, projects, registry, time, cancellationToken));
    }

    /// <summary>A resident scores a project in evaluation (1–5, and whether it helped); one score per tracking code, as for support.</summary>
    public static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> ScoreProject(
        string id, ScoreInput input, ProjectService projects, RequestStore requests, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (input.Score is null or < 1 or > 5)
        {
            validation.Add("score", "请打 1 到 5 分");
        }

        if (input.Helped is null)
        {
            validation.Add("helped", "请选择这个项目是否帮到了您");
        }

        if (input.Comment is { Length: > 500 })
        {
            validation.Add("comment", "评价最多 500 个字符");
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var (project, code, problem) = await ResidentBallotAsync(id, input.TrackingCode, "evaluating", "项目不在评价阶段", projects, requests, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var added = await projects.AddRowAsync(
            project!,
            new ProjectRow { RowKey = ProjectRow.ScorePrefix + code, At = time.GetUtcNow(), By = code!, Score = input.Score, Helped = input.Helped, Text = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim() },
            cancellationToken);
        return added ? TypedResults.Ok(await ViewAsync(project!, null, projects, registry, time, cancellationToken)) : Problems.Of(409, "already_scored", "您已评价过这个项目");
    }

    public static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> AddFeasibilityNote(
        string id, NoteInput input, ClaimsPrincipal user, ProjectService projects, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation().Require("text", input.Text, "意见", 1000);
        if (input.Feasible is null)
        {
            validation.Add("feasible", "请选择是否可行");
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
        {
            return Problems.Of(404, "not_found", "没有这个项目");
        }

        if (project.State is not ("proposed" or "deliberating"))
        {
            return Problems.Of(409, "action_not_allowed", $"项目当前为“{ProjectService.StateLabel(project.State)}”，议事已结束");
        }

        var staff = StaffSession.From(user)!;
        await projects.UpsertRowAsync(project, new ProjectRow { RowKey = ProjectRow.NotePrefix + staff.Username, At = time.GetUtcNow(), By = staff.Username, ByName = staff.DisplayName, Feasible = input.Feasible, Text = input.Text!.Trim() }, cancellationToken);
        return TypedResults.Ok(await ViewAsync(project, Actor.Of(user), projects, registry, time, cancellationToken));
    }

    public static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> AddObserverEvaluation(
        string id, NoteInput input, ClaimsPrincipal user, ProjectService projects, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation().Require("text", input.Text, "评价", 2000);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
        {
            return Problems.Of(404, "not_found", "没有这个项目");
        }

        if (project.State != "evaluating")
        {
            return Problems.Of(409, "action_not_allowed", $"项目当前为“{ProjectService.StateLabel(project.State)}”，不在评价阶段");
        }

        var staff = StaffSession.From(user)!;
        await projects.UpsertRowAsync(project, new ProjectRow { RowKey = ProjectRow.EvaluationPrefix + staff.Username, At = time.GetUtcNow(), By = staff.Username, ByName = staff.DisplayName, Feasible = input.Feasible, Text = input.Text!.Trim() }, cancellationToken);
        return TypedResults.Ok(await ViewAsync(project, Actor.Of(user), projects, registry, time, cancellationToken));
    }

    /// <summary>The lead claimant (or staff running the project) uploads a photo for a report or the completion evidence.</summary>
    public static async Task<Results<Created<PhotoSaved>, ProblemHttpResult>> UploadProjectPhoto(
        string id, HttpRequest request, ClaimsPrincipal user, ProjectService projects, ProjectPhotos photos, CancellationToken cancellationToken)
    {
        if (StaffSession.From(user) is null)
        {
            return Problems.Of(401, "unauthenticated", "请先登录");
        }

        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
        {
            return Problems.Of(404, "not_found", "没有这个项目");
        }

        var actor = Actor.Of(user);
        if (!await projects.IsPartyAsync(ProjectParty.Lead, project, actor, cancellationToken) && !await projects.IsPartyAsync(ProjectParty.Staff, project, actor, cancellationToken))
        {
            return Problems.Of(403, "not_permitted", "只有牵头认领单位和项目工作人员可以上传照片");
        }

        if (!request.HasFormContentType)
        {
            return Problems.Of(400, "bad_request", "请以表单方式上传照片（multipart/form-data，字段名 file）");
        }

        var file = (await request.ReadFormAsync(cancellationToken)).Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return Problems.Of(400, "no_file", "请选择一张照片");
        }

        if (file.Length > ProjectPhotos.MaxBytes)
        {
            return Problems.Of(400, "too_large", "照片不能超过 5 MB");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (ProjectPhotos.Sniff(bytes) is null)
        {
            return Problems.Of(400, "not_an_image", "只能上传 JPEG、PNG 或 WebP 图片");
        }

        var name = await photos.SaveAsync(project.Id, bytes, cancellationToken);
        return TypedResults.Created($"/api/projects/{project.Id}/photos/{name}", new PhotoSaved(name, $"/api/projects/{project.Id}/photos/{name}"));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetProjectPhoto(string id, string name, ProjectPhotos photos, CancellationToken cancellationToken)
    {
        if (!ProjectPhotos.IsName(name) || !name.StartsWith(id + "-", StringComparison.Ordinal) || await photos.ReadAsync(name, cancellationToken) is not { } photo)
        {
            return Problems.Of(404, "not_found", "没有这张照片");
        }

        return TypedResults.File(photo.Bytes, photo.ContentType);
    }

    private static async Task<(MicroProject? Project, string? Code, ProblemHttpResult? Problem)> ResidentBallotAsync(
        string id, string? trackingCode, string state, string wrongState, ProjectService projects, RequestStore requests, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null || project.State == "proposed")
        {
            return (null, null, Problems.Of(404, "not_found", "没有这个项目"));
        }

        if (project.State != state)
        {
            return (null, null, Problems.Of(409, "action_not_allowed", wrongState));
        }

        if (!TrackingCode.TryNormalize(trackingCode, out var code))
        {
            return (null, null, Problems.Of(400, "invalid_tracking_code", "请填写您本人某条诉求的查询码（用于确认您是本社区居民，每条查询码只计一次）"));
        }

        var request = await requests.FindAsync(code, cancellationToken);
        var communities = JsonSerializer.Deserialize<List<string>>(project.CommunityIds) ?? [];
        if (request is null || !communities.Contains(request.CommunityId))
        {
            return (null, null, Problems.Of(403, "not_a_resident", "这个查询码不属于本项目受益社区的居民诉求"));
        }

        return (project, code, null);
    }

    private static async Task<ProjectView> ViewAsync(MicroProject project, Actor? actor, ProjectService projects, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var staff = actor?.Staff is not null;
        var claims = await projects.RowsAsync(project.Id, ProjectRow.ClaimPrefix, cancellationToken);
        var milestones = await projects.RowsAsync(project.Id, ProjectRow.MilestonePrefix, cancellationToken);
        var reports = await projects.RowsAsync(project.Id, ProjectRow.ReportPrefix, cancellationToken);
        var supports = await projects.RowsAsync(project.Id, ProjectRow.SupportPrefix, cancellationToken);
        var notes = await projects.RowsAsync(project.Id, ProjectRow.NotePrefix, cancellationToken);
        var evaluations = await projects.RowsAsync(project.Id, ProjectRow.EvaluationPrefix, cancellationToken);
        var scores = project.State == "evaluating" ? await projects.RowsAsync(project.Id, ProjectRow.ScorePrefix, cancellationToken) : [];
        var history = await projects.HistoryAsync(project, cancellationToken);
        var communities = new List<UnitRef>();
        foreach (var communityId in JsonSerializer.Deserialize<List<string>>(project.CommunityIds) ?? [])
        {
            communities.Add(new UnitRef("community", communityId, (await registry.FindAsync(UnitKind.Community, communityId, cancellationToken))?.Name));
        }

        var now = time.GetUtcNow(); // The app's clock, so "overdue" agrees with the deadline timers.
        var allowed = actor is null ? [] : await projects.AllowedAsync(project, actor, cancellationToken);
        return new ProjectView(
            project.Id,
            project.Title,
            project.Description,
            project.Theme,
            project.TownId,
            communities,
            project.Budget,
            project.State,
            ProjectService.StateLabel(project.State),
            project.Version,
            project.Batch,
            project.ClaimDeadline,
            project.CoordinatorName,
            project.LeadUnitName,
            project.GovernmentFunded,
            project.Percent,
            project.Reason,
            project.Evidence,
            JsonSerializer.Deserialize<List<string>>(project.EvidencePhotos ?? "[]") ?? [],
            project.EvaluationEndsAt,
            project.Recommendation,
            project.Recommendation is null ? null : ProjectService.RecommendationLabel(project.Recommendation),
            project.AverageScore ?? (scores.Count == 0 ? null : Math.Round(scores.Average(s => s.Score ?? 0), 2)),
            project.Recommendation is null ? scores.Count : project.ScoreCount,
            project.HelpedShare,
            project.SatisfiedShare,
            supports.Count,
            (JsonSerializer.Deserialize<List<string>>(project.LinkedRequests) ?? []).Count,
            claims.Select(c => new ClaimView(c.UnitId!, c.UnitName, c.PledgeKind, ProjectService.PledgeLabel(c.PledgeKind ?? string.Empty), c.PledgeAmount, c.Text, c.Status, c.IsLead, c.At)).ToList(),
            milestones.Select(m => new MilestoneView(int.Parse(m.RowKey[ProjectRow.MilestonePrefix.Length..], System.Globalization.CultureInfo.InvariantCulture), m.Text, m.Owner, m.DueAt, m.DoneAt, m.DoneAt is null && m.DueAt < now, m.Escalated)).ToList(),
            reports.Select(r => new ReportView(r.At, r.Percent, r.Text, JsonSerializer.Deserialize<List<string>>(r.Photos ?? "[]") ?? [])).ToList(),
            notes.Select(n => new NoteView(n.ByName, n.Feasible, n.Text, n.At)).ToList(),
            evaluations.Select(n => new NoteView(n.ByName, n.Feasible, n.Text, n.At)).ToList(),
            allowed.Select(a => new ActionView(a, ProjectService.ActionLabel(a))).ToList(),
            history.Where(h => staff || h.PublicNote is not null).OrderBy(h => h.Version)
                .Select(h => new ProjectTimelineEvent(h.Version, h.At, h.Action, ProjectService.ActionLabel(h.Action), h.PublicNote, staff ? h.Note : null, staff ? h.ActorLabel : null)).ToList());
    }

    private static ProblemHttpResult Refused(ActionRefusedException ex) => TypedResults.Problem(
        statusCode: ex.Status,
        title: ex.Message,
        extensions: new Dictionary<string, object?> { ["code"] = ex.Code, ["state"] = ex.State, ["allowedActions"] = ex.Allowed });
}
