using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Notifications;
using ServerlessMinSheng.Functions.Rankings;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Projects;

public sealed record MilestoneInput(string? Title, string? Owner, DateTimeOffset? DueAt);

/// <summary>What a project step may carry; each action reads the fields it needs.</summary>
public sealed record ProjectInput(
    int? Version = null,
    string? Reason = null,
    string? Batch = null,
    string? Coordinator = null,
    string? ClaimId = null,
    bool? Lead = null,
    string? PledgeKind = null,
    double? PledgeAmount = null,
    string? Text = null,
    int? Percent = null,
    IReadOnlyList<string>? Photos = null,
    IReadOnlyList<MilestoneInput>? Milestones = null,
    IReadOnlyList<int>? MilestonesDone = null,
    int? ExtendDays = null,
    int? Milestone = null);

/// <summary>
/// A proposal. With <c>ClusterId</c> the project records the hot cluster it answers, and when no linked requests
/// are given the cluster's requests in the project's communities that can still be merged become its linked
/// requests (the newest <see cref="ProjectClusters.MaxMembers"/>).
/// </summary>
public sealed record ProposalInput(
    string? Title, string? Description, string? Theme, IReadOnlyList<string>? CommunityIds, double? Budget, IReadOnlyList<string>? LinkedRequests, string? IdempotencyKey,
    string? ClusterId = null);

/// <summary>
/// Micro-projects: each step is read → check table, party, input → record deadlines (and a "sync"
/// deadline that brings the board and linked requests up to date even after a crash) → one
/// transaction in the project's partition (state row guarded by its ETag, the step's own rows, the
/// history event) → arm timers, update the board.
/// </summary>
public sealed partial class ProjectService(
    AppTables tables,
    UnitRegistry registry,
    UserStore users,
    RequestStore requests,
    ProjectClusters clusters,
    RequestHandling handling,
    TimerScheduling timers,
    EscalationInbox escalations,
    NotificationOutbox outbox,
    MetricRecorder metrics,
    DeploymentTime deploymentTime,
    IOptions<ProjectOptions> options,
    TimeProvider time,
    ILogger<ProjectService> logger) : ITimerTarget, IEscalationSource
{
    private const int MaxAttempts = 40;
    private static readonly string[] PledgeKinds = ["money", "materials", "volunteer_hours", "service"];

    public string Lifecycle => ProjectLifecycle.Name;

    private ProjectOptions Options => options.Value;

    public async Task<MicroProject?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsId(id))
        {
            return null;
        }

        var table = await tables.GetAsync(MicroProject.TableName, cancellationToken);
        return await table.GetEntityOrDefaultAsync<MicroProject>(id, id, cancellationToken: cancellationToken);
    }

    public static bool IsId(string? id) => id is { Length: 9 } && id[0] == 'p' && id.Skip(1).All(char.IsAsciiLetterOrDigit);

    /// <summary>Proposes a project; the same idempotency key from the same person is the same project.</summary>
    public async Task<(MicroProject Project, bool Created)> ProposeAsync(ProposalInput input, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Require("title", input.Title, "项目名称", 60)
            .Require("description", input.Description, "项目内容", 2000);
        if (input.Budget is null or < 0 or > 100_000_000)
        {
            validation.Add("budget", "请填写预算（元），不能为负");
        }

        var communities = new List<Unit>();
        foreach (var id in input.CommunityIds ?? [])
        {
            if (await registry.FindAsync(UnitKind.Community, id, cancellationToken) is { } community)
            {
                communities.Add(community);
            }
            else
            {
                validation.Add("communityIds", $"没有社区 {id}");
            }
        }

        if (communities.Count == 0)
        {
            validation.Add("communityIds", "请选择受益社区");
        }
        else if (communities.Select(c => c.ParentId).Distinct().Count() > 1)
        {
            validation.Add("communityIds", "受益社区应属于同一个街道（乡镇）");
        }

        var linked = new List<string>();
        foreach (var code in input.LinkedRequests ?? [])
        {
            if (!TrackingCode.TryNormalize(code, out var normalized) || await requests.FindAsync(normalized, cancellationToken) is null)
            {
                validation.Add("linkedRequests", $"没有诉求 {code}");
            }
            else if (!linked.Contains(normalized))
            {
                linked.Add(normalized);
            }
        }

        if (linked.Count > 200)
        {
            validation.Add("linkedRequests", "一个项目最多关联 200 条诉求");
        }

        if (input.IdempotencyKey is { Length: > 64 })
        {
            validation.Add("idempotencyKey", "idempotencyKey is at most 64 characters.");
        }

        var clusterId = string.IsNullOrWhiteSpace(input.ClusterId) ? null : input.ClusterId.Trim();
        if (clusterId is not null && !await clusters.ExistsAsync(clusterId, cancellationToken))
        {
            validation.Add("clusterId", $"没有热点聚类 {clusterId}");
        }

        if (!validation.IsValid)
        {
            throw new HandlingInputException(validation);
        }

        var townId = communities[0].ParentId ?? string.Empty;
        if (!await IsPartyAsync(ProjectParty.Staff, new MicroProject { TownId = townId }, actor, cancellationToken))
        {
            throw new ActionRefusedException(403, "not_permitted", "您无权在这个街道（乡镇）提议项目", string.Empty, []);
        }

        var now = time.GetUtcNow();
        var projectId = NewId(input.IdempotencyKey is null ? null : $"{actor.Id}|{input.IdempotencyKey}");
        if (input.IdempotencyKey is not null && await FindAsync(projectId, cancellationToken) is { } proposed)
        {
            return (proposed, false); // Before the cluster is read: its requests are merged into this project by now.
        }

        if (clusterId is not null && linked.Count == 0)
        {
            var (members, _, _) = await clusters.MergeableAsync(clusterId, communities.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), ProjectClusters.MaxMembers, cancellationToken);
            if (members.Count == 0)
            {
                throw new HandlingInputException(new Validation().Add("clusterId", "这个热点聚类在所选受益社区没有可纳入项目的诉求（都已办结或已纳入其他项目），请改选社区或填写查询码"));
            }

            linked.AddRange(members.Select(m => m.Code));
        }

        var project = new MicroProject
        {
            PartitionKey = projectId,
            RowKey = projectId,
            Title = input.Title!.Trim(),
            Description = input.Description!.Trim(),
            Theme = string.IsNullOrWhiteSpace(input.Theme) ? null : input.Theme.Trim(),
            TownId = townId,
            CommunityIds = JsonSerializer.Serialize(communities.Select(c => c.Id)),
            Budget = input.Budget!.Value,
            LinkedRequests = JsonSerializer.Serialize(linked),
            ClusterId = clusterId,
            State = "proposed",
            Version = 1,
            StateVersion = 1,
            StateEnteredAt = now,
            CreatedBy = actor.Id,
            CreatedAt = now,
        };
        var step = Event(project, 1, "propose", string.Empty, "proposed", actor, now, $"提议民心微实事项目“{project.Title}”", null);
        var sync = SyncTimer(project, now);
        await timers.RecordAsync([sync], cancellationToken);
        var table = await tables.GetAsync(MicroProject.TableName, cancellationToken);
        try
        {
            var etags = await table.SubmitBatchAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, project), new TableTransactionAction(TableTransactionActionType.Add, step)], cancellationToken);
            project.ETag = etags[0];
        }
        catch (TableTransactionFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists" && input.IdempotencyKey is not null)
        {
            return ((await FindAsync(projectId, cancellationToken))!, false);
        }

        await SyncAsync(project, cancellationToken);
        await RemoveSyncAsync(sync, cancellationToken);
        return (project, true);
    }

    public async Task<MicroProject> ApplyAsync(string id, string action, Actor actor, ProjectInput input, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var project = await FindAsync(id, cancellationToken) ?? throw new ActionRefusedException(404, "not_found", "没有这个项目", string.Empty, []);
            if (input.Version is { } seen && project.Version > seen && await IsReplayAsync(project, seen + 1, action, actor, cancellationToken))
            {
                return project;
            }

            var state = project.State;
            var transition = ProjectLifecycle.Table.Find(state, action);
            if (transition is null)
            {
                var allowed = await AllowedAsync(project, actor, cancellationToken);
                throw new ActionRefusedException(409, "action_not_allowed", $"项目当前为“{StateLabel(state)}”，不能“{ActionLabel(action)}”。{AllowedText(allowed)}", state, allowed);
            }

            if (!await IsPartyAsync(transition.Party, project, actor, cancellationToken))
            {
                var allowed = await AllowedAsync(project, actor, cancellationToken);
                throw new ActionRefusedException(403, "not_permitted", $"您无权对此项目执行“{transition.Label}”（当前为“{StateLabel(state)}”）。{AllowedText(allowed)}", state, allowed);
            }

            var plan = await PlanAsync(project, transition, actor, input, cancellationToken);
            var sync = SyncTimer(project, time.GetUtcNow());
            await timers.RecordAsync([.. plan.Timers, sync], cancellationToken);
            await escalations.PutAsync(plan.Escalations, cancellationToken);
            try
            {
                await CommitAsync(project, plan, cancellationToken);
            }
            catch (RequestFailedException conflict) when (conflict.IsConflict() && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(5, 10 + (10 * Math.Min(attempt, 10))), cancellationToken);
                continue;
            }
            catch (RequestFailedException conflict) when (conflict.IsConflict())
            {
                throw new ActionRefusedException(409, "busy", "项目正被他人同时处理，请刷新后重试", state, []);
            }
            catch (TableTransactionFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists" && action == ProjectLifecycle.Claim)
            {
                if (attempt < MaxAttempts)
                {
                    continue; // Re-read: either our unit's claim is there (refused below) or someone else moved first.
                }

                throw;
            }

            try
            {
                await timers.ArmAsync(plan.Timers, cancellationToken);
                await SyncAsync(project, cancellationToken);
                await RemoveSyncAsync(sync, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSyncFailed(ex, project.Id); // The sync deadline brings the board up to date within a minute.
            }

            return project;
        }
    }

    /// <summary>Rows a resident or an observer adds without a step: support in deliberation, scores in evaluation, feasibility notes, evaluations.</summary>
    public async Task<bool> AddRowAsync(MicroProject project, ProjectRow row, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MicroProject.TableName, cancellationToken);
        row.PartitionKey = project.Id;
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
        {
            return false;
        }

        if (row.RowKey.StartsWith(ProjectRow.SupportPrefix, StringComparison.Ordinal))
        {
            try
            {
                await SyncAsync(project, cancellationToken); // The public board's support count; the next step's sync corrects it if this fails.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSyncFailed(ex, project.Id);
            }
        }

        return true;
    }

    public async Task UpsertRowAsync(MicroProject project, ProjectRow row, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MicroProject.TableName, cancellationToken);
        row.PartitionKey = project.Id;
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<ProjectRow>> RowsAsync(string projectId, string prefix, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MicroProject.TableName, cancellationToken);
        return await table.QueryAsync<ProjectRow>(ProjectRow.Filter(projectId, prefix), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
    }

    public async Task<ProjectRow?> RowAsync(string projectId, string rowKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MicroProject.TableName, cancellationToken);
        return await table.GetEntityOrDefaultAsync<ProjectRow>(projectId, rowKey, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<LifecycleEvent>> HistoryAsync(MicroProject project, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MicroProject.TableName, cancellationToken);
        return await table.QueryAsync<LifecycleEvent>(LifecycleEvent.Filter(project.Id, project.Id), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> AllowedAsync(MicroProject project, Actor actor, CancellationToken cancellationToken)
    {
        var allowed = new List<string>();
        foreach (var transition in ProjectLifecycle.Table.From(project.State))
        {
            if (transition.Party != ProjectParty.System && await IsPartyAsync(transition.Party, project, actor, cancellationToken))
            {
                allowed.Add(transition.Action);
            }
        }

        return allowed;
    }

    public Task<bool> IsPartyAsync(string party, MicroProject project, Actor actor, CancellationToken cancellationToken)
    {
        var staff = actor.Staff;
        var result = party switch
        {
            ProjectParty.System => ReferenceEquals(actor, Actor.System),
            ProjectParty.Approver => staff?.Role == Role.DistrictAdmin,
            ProjectParty.Staff => staff is not null && staff.Has(Capability.ManageProjects) && (staff.Role == Role.DistrictAdmin || (staff.Role == Role.TownStaff && staff.ScopeId == project.TownId)),
            ProjectParty.Coordinator => staff is not null && IsCoordinator(staff, project),
            ProjectParty.SocialUnit => staff is not null && staff.Has(Capability.ClaimProjects) && staff.ScopeId is not null,
            ProjectParty.Lead => staff is not null && ((staff.Role == Role.SocialUnit && staff.ScopeId is not null && staff.ScopeId == project.LeadUnitId)
                || (project.GovernmentFunded && project.LeadUnitId is null && IsCoordinator(staff, project))), // 政府兜底: the coordinator delivers it.
            _ => false,
        };
        return Task.FromResult(result);
    }

    private static bool IsCoordinator(StaffSession staff, MicroProject project) =>
        staff.Role == Role.DistrictAdmin || (staff.Role == Role.Coordinator && Usernames.Normalize(staff.Username) == project.Coordinator);

    public async Task FireAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        var project = await FindAsync(timer.Key, cancellationToken);
        if (project is null)
        {
            return;
        }

        if (timer.Timer == ProjectLifecycle.Sync)
        {
            await SyncAsync(project, cancellationToken);
            return;
        }

        var (action, milestone) = timer.Timer.Split(':') switch
        {
            [ProjectLifecycle.ClaimDue] => (ProjectLifecycle.EscalateClaim, (int?)null),
            [ProjectLifecycle.ReportDue] => (ProjectLifecycle.EscalateReport, null),
            [ProjectLifecycle.EvaluationDue] => (ProjectLifecycle.CloseEvaluation, null),
            [ProjectLifecycle.MilestoneDue, var n] => (ProjectLifecycle.EscalateMilestone, int.Parse(n, CultureInfo.InvariantCulture)),
            _ => throw new InvalidOperationException($"Unknown project timer '{timer.Timer}'."),
        };
        if (!await StillDueAsync(project, timer, milestone, cancellationToken))
        {
            return; // The step it watched is done, or the deadline moved (extended, a report came in).
        }

        try
        {
            await ApplyAsync(project.Id, action, Actor.System, new ProjectInput(Milestone: milestone), cancellationToken);
        }
        catch (ActionRefusedException ex) when (ex.Status == 409)
        {
            LogTimerOutrun(project.Id, timer.Timer);
        }
    }

    public async Task<bool> IsCurrentAsync(EscalationRow row, CancellationToken cancellationToken)
    {
        var parts = row.EntityKey.Split('|');
        var project = await FindAsync(parts[0], cancellationToken);
        if (project is null || project.State != row.State)
        {
            return false;
        }

        return parts.Length < 2 ? false : parts[1] switch
        {
            "claim" => project.State == "published" && project.ClaimDeadline <= time.GetUtcNow(),
            "report" => project.ReportDueAt is { } due && due <= time.GetUtcNow(),
            var ms when ms.StartsWith("ms", StringComparison.Ordinal) && parts.Length == 3 =>
                await RowAsync(project.Id, ProjectRow.MilestonePrefix + parts[2], cancellationToken) is { DoneAt: null },
            _ => false,
        };
    }

    private async Task<bool> StillDueAsync(MicroProject project, DueTimer timer, int? milestone, CancellationToken cancellationToken) => timer.Timer.Split(':')[0] switch
    {
        ProjectLifecycle.ClaimDue => project.State == "published" && project.ClaimDeadline == timer.DueAt,
        ProjectLifecycle.ReportDue => project.State == "executing" && project.ReportDueAt == timer.DueAt,
        ProjectLifecycle.EvaluationDue => project.State == "evaluating" && project.EvaluationEndsAt == timer.DueAt,
        ProjectLifecycle.MilestoneDue => project.State == "executing"
            && await RowAsync(project.Id, MilestoneKey(milestone!.Value), cancellationToken) is { DoneAt: null, Escalated: false } row && row.DueAt == timer.DueAt,
        _ => false,
    };

    private sealed record Plan(LifecycleEvent Event, IReadOnlyList<DueTimer> Timers, IReadOnlyList<TableTransactionAction> Rows, IReadOnlyList<EscalationRow> Escalations);

    private async Task<Plan> PlanAsync(MicroProject project, LifecycleTransition transition, Actor actor, ProjectInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = project.State;
        var version = project.Version + 1;
        var validation = new Validation();
        var due = new List<DueTimer>();
        var rows = new List<TableTransactionAction>();
        var escalationRows = new List<EscalationRow>();
        string? publicNote = null;
        string? note = null;
        var to = transition.To == LifecycleTable.Previous ? project.SuspendedFrom ?? "proposed" : LifecycleTable.Target(transition, from);

        switch (transition.Action)
        {
            case ProjectLifecycle.OpenDeliberation:
                project.DeliberationEndsAt = now.AddDays(7);
                publicNote = "项目进入议事阶段，欢迎居民表态支持";
                break;

            case ProjectLifecycle.Approve:
                publicNote = "项目已审核通过";
                note = Optional(input.Reason);
                break;

            case ProjectLifecycle.Reject or ProjectLifecycle.Cancel or ProjectLifecycle.Suspend:
                validation.Require("reason", input.Reason, "理由", 500);
                ThrowIfInvalid(validation);
                project.Reason = input.Reason!.Trim();
                note = project.Reason;
                publicNote = transition.Action switch
                {
                    ProjectLifecycle.Reject => $"项目未通过：{project.Reason}",
                    ProjectLifecycle.Cancel => $"项目已取消：{project.Reason}",
                    _ => $"项目暂停：{project.Reason}",
                };
                if (transition.Action == ProjectLifecycle.Suspend)
                {
                    project.SuspendedFrom = from;
                }

                break;

            case ProjectLifecycle.Resume:
                project.SuspendedFrom = null;
                project.Reason = null;
                due.AddRange(await ResumeTimersAsync(project, to, rows, now, cancellationToken));
                publicNote = "项目恢复";
                break;

            case ProjectLifecycle.Publish:
                validation.Require("batch", input.Batch, "批次名称", 50);
                ThrowIfInvalid(validation);
                project.Batch = input.Batch!.Trim();
                project.PublishedAt = now;
                project.ClaimDeadline = now + Options.ClaimWindow;
                due.Add(Timer(project, ProjectLifecycle.ClaimDue, project.ClaimDeadline.Value));
                publicNote = $"已在“{project.Batch}”中发布，欢迎社会单位认领";
                break;

            case ProjectLifecycle.AssignCoordinator:
            {
                var user = string.IsNullOrWhiteSpace(input.Coordinator) ? null : await users.FindAsync(Usernames.Normalize(input.Coordinator), cancellationToken);
                if (user is null || user.Role != Role.Coordinator || user.Disabled)
                {
                    validation.Add("coordinator", "请选择一位协调保障领导（角色为 coordinator 的账号）");
                }

                ThrowIfInvalid(validation);
                project.Coordinator = user!.RowKey;
                project.CoordinatorName = user.DisplayName;
                publicNote = $"协调保障领导：{user.DisplayName}";
                break;
            }

            case ProjectLifecycle.Claim:
            {
                var staff = actor.Staff!;
                if (input.PledgeKind is null || !PledgeKinds.Contains(input.PledgeKind))
                {
                    validation.Add("pledgeKind", "认领方式应为 money（资金）、materials（物资）、volunteer_hours（志愿服务时长）或 service（服务）");
                }

                if (input.PledgeAmount is < 0)
                {
                    validation.Add("pledgeAmount", "数量不能为负");
                }

                validation.Require("text", input.Text, "认领说明", 500);
                var unit = await registry.FindAsync(UnitKind.SocialUnit, staff.ScopeId!, cancellationToken);
                if (unit is null)
                {
                    validation.Add("unit", "您的账号没有对应的社会单位");
                }

                ThrowIfInvalid(validation);
                if (await RowAsync(project.Id, ClaimKey(unit!.Id), cancellationToken) is not null)
                {
                    throw new ActionRefusedException(409, "already_claimed", "贵单位已认领本项目", from, await AllowedAsync(project, actor, cancellationToken));
                }

                rows.Add(new TableTransactionAction(TableTransactionActionType.Add, new ProjectRow
                {
                    PartitionKey = project.Id,
                    RowKey = ClaimKey(unit.Id),
                    At = now,
                    By = actor.Id,
                    ByName = actor.Label,
                    UnitId = unit.Id,
                    UnitName = unit.Name,
                    PledgeKind = input.PledgeKind,
                    PledgeAmount = input.PledgeAmount,
                    Text = input.Text!.Trim(),
                    Status = "pending",
                }));
                publicNote = $"{unit.Name}申请认领";
                note = $"{PledgeLabel(input.PledgeKind!)} {input.PledgeAmount?.ToString(CultureInfo.InvariantCulture)}：{input.Text!.Trim()}";
                break;
            }

            case ProjectLifecycle.ConfirmClaim:
            {
                var claims = await RowsAsync(project.Id, ProjectRow.ClaimPrefix, cancellationToken);
                var claim = claims.FirstOrDefault(c => c.UnitId == input.ClaimId);
                if (claim is null)
                {
                    validation.Add("claimId", "没有这个认领");
                }
                else if (claim.Status == "confirmed")
                {
                    validation.Add("claimId", "这个认领已确认");
                }

                ThrowIfInvalid(validation);
                claim!.Status = "confirmed";
                var makeLead = input.Lead == true || project.LeadUnitId is null;
                if (makeLead)
                {
                    foreach (var previous in claims.Where(c => c.IsLead && c.UnitId != claim.UnitId))
                    {
                        previous.IsLead = false;
                        rows.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, previous, previous.ETag));
                    }

                    claim.IsLead = true;
                    project.LeadUnitId = claim.UnitId;
                    project.LeadUnitName = claim.UnitName;
                }

                rows.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, claim, claim.ETag));
                publicNote = makeLead ? $"{claim.UnitName}认领确认，牵头实施" : $"{claim.UnitName}认领确认，参与实施";
                break;
            }

            case ProjectLifecycle.ExtendClaims:
                if (input.ExtendDays is null or < 1 or > 60)
                {
                    validation.Add("extendDays", "延长天数应在 1 到 60 天之间");
                }

                ThrowIfInvalid(validation);
                project.ClaimDeadline = (project.ClaimDeadline > now ? project.ClaimDeadline.Value : now).AddDays(input.ExtendDays!.Value);
                due.Add(Timer(project, ProjectLifecycle.ClaimDue, project.ClaimDeadline.Value));
                publicNote = $"认领期延长至 {Local(project.ClaimDeadline.Value)}";
                break;

            case ProjectLifecycle.FundByGovernment:
                project.GovernmentFunded = true;
                project.LeadUnitName ??= "政府资金兜底";
                publicNote = "无社会单位认领，由政府资金兜底实施";
                note = Optional(input.Reason);
                break;

            case ProjectLifecycle.StartExecution:
            {
                if (project.Coordinator is null)
                {
                    validation.Add("coordinator", "请先指定协调保障领导");
                }

                if (project.LeadUnitId is null && !project.GovernmentFunded)
                {
                    validation.Add("lead", "请先确认一个牵头认领单位");
                }

                var milestones = input.Milestones ?? [];
                if (milestones.Count is 0 or > 20)
                {
                    validation.Add("milestones", "实施计划应有 1 到 20 个节点");
                }

                for (var i = 0; i < milestones.Count; i++)
                {
                    var m = milestones[i];
                    if (string.IsNullOrWhiteSpace(m.Title) || m.Title.Trim().Length > 100)
                    {
                        validation.Add($"milestones[{i}].title", "请填写节点名称（最多 100 字）");
                    }

                    if (string.IsNullOrWhiteSpace(m.Owner) || m.Owner.Trim().Length > 50)
                    {
                        validation.Add($"milestones[{i}].owner", "请填写责任人（最多 50 字）");
                    }

                    if (m.DueAt is null || m.DueAt <= now)
                    {
                        validation.Add($"milestones[{i}].dueAt", "完成时间应晚于现在");
                    }
                }

                ThrowIfInvalid(validation);
                for (var i = 0; i < milestones.Count; i++)
                {
                    var m = milestones[i];
                    rows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new ProjectRow
                    {
                        PartitionKey = project.Id,
                        RowKey = MilestoneKey(i + 1),
                        At = now,
                        By = actor.Id,
                        Text = m.Title!.Trim(),
                        Owner = m.Owner!.Trim(),
                        DueAt = m.DueAt,
                    }));
                    due.Add(Timer(project, $"{ProjectLifecycle.MilestoneDue}:{i + 1}", m.DueAt!.Value));
                }

                project.ReportDueAt = now + Options.ReportEvery;
                due.Add(Timer(project, ProjectLifecycle.ReportDue, project.ReportDueAt.Value));
                publicNote = $"项目开始实施，共 {milestones.Count} 个节点";
                break;
            }

            case ProjectLifecycle.Report:
            {
                if (input.Percent is null or < 0 or > 100)
                {
                    validation.Add("percent", "完成百分比应在 0 到 100 之间");
                }
                else if (input.Percent < project.Percent)
                {
                    validation.Add("percent", $"完成百分比不能低于上次报告的 {project.Percent}%");
                }

                validation.Require("text", input.Text, "进展说明", 1000);
                CheckPhotos(validation, input.Photos);
                var milestones = await RowsAsync(project.Id, ProjectRow.MilestonePrefix, cancellationToken);
                foreach (var n in input.MilestonesDone ?? [])
                {
                    if (milestones.FirstOrDefault(m => m.RowKey == MilestoneKey(n)) is not { } m)
                    {
                        validation.Add("milestonesDone", $"没有第 {n} 个节点");
                    }
                    else if (m.DoneAt is null)
                    {
                        m.DoneAt = now;
                        rows.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, m, m.ETag));
                    }
                }

                ThrowIfInvalid(validation);
                project.Percent = input.Percent!.Value;
                project.LastReportAt = now;
                project.ReportDueAt = now + Options.ReportEvery;
                due.Add(Timer(project, ProjectLifecycle.ReportDue, project.ReportDueAt.Value));
                rows.Add(new TableTransactionAction(TableTransactionActionType.Add, new ProjectRow
                {
                    PartitionKey = project.Id,
                    RowKey = ProjectRow.ReportPrefix + version.ToString("D6", CultureInfo.InvariantCulture),
                    At = now,
                    By = actor.Id,
                    ByName = project.LeadUnitName,
                    Percent = input.Percent,
                    Text = input.Text!.Trim(),
                    Photos = JsonSerializer.Serialize(input.Photos ?? []),
                }));
                publicNote = $"进展报告：完成 {input.Percent}%";
                note = input.Text!.Trim();
                break;
            }

            case ProjectLifecycle.Complete:
                validation.Require("text", input.Text, "完工说明", 2000);
                CheckPhotos(validation, input.Photos);
                ThrowIfInvalid(validation);
                project.Evidence = input.Text!.Trim();
                project.EvidencePhotos = JsonSerializer.Serialize(input.Photos ?? []);
                project.CompletedAt = now;
                project.Percent = 100;
                project.ReportDueAt = null;
                publicNote = "项目已完工，等待核验";
                note = project.Evidence;
                break;

            case ProjectLifecycle.WriteOff:
                project.WrittenOffAt = now;
                publicNote = "项目已核验销账";
                note = Optional(input.Text);
                break;

            case ProjectLifecycle.OpenEvaluation:
                project.EvaluationEndsAt = now + Options.EvaluationWindow;
                due.Add(Timer(project, ProjectLifecycle.EvaluationDue, project.EvaluationEndsAt.Value));
                publicNote = $"开启居民评价，截至 {Local(project.EvaluationEndsAt.Value)}";
                break;

            case ProjectLifecycle.Close or ProjectLifecycle.CloseEvaluation:
            {
                var scores = await RowsAsync(project.Id, ProjectRow.ScorePrefix, cancellationToken);
                project.ScoreCount = scores.Count;
                project.AverageScore = scores.Count == 0 ? null : Math.Round(scores.Average(s => s.Score ?? 0), 2);
                project.HelpedShare = scores.Count == 0 ? null : Math.Round(scores.Count(s => s.Helped == true) / (double)scores.Count, 3);
                project.SatisfiedShare = scores.Count == 0 ? null : Math.Round(scores.Count(s => s.Score >= 4) / (double)scores.Count, 3);
                project.Recommendation = Recommend(Options, project.ScoreCount, project.AverageScore, project.HelpedShare, project.SatisfiedShare);
                project.ClosedAt = now;
                project.EvaluationEndsAt = null;
                publicNote = $"项目结项：{scores.Count} 位居民评价，平均 {project.AverageScore?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—"} 分，建议{RecommendationLabel(project.Recommendation)}";
                break;
            }

            case ProjectLifecycle.EscalateClaim:
                // Timers may fire twice at once (the delayed message and the sweep): the second finds this set.
                if (project.ClaimDeadline is not { } claimDue || claimDue > now || project.ClaimEscalatedFor == claimDue)
                {
                    throw new ActionRefusedException(409, "timer_outrun", "认领期限未到或已提请协调", from, []);
                }

                project.ClaimEscalatedFor = claimDue;
                project.Escalations++;
                escalationRows.Add(EscalationFor(project, "claim", "认领期满，无社会单位认领", now));
                publicNote = "认领期满，已提请协调保障领导处理";
                break;

            case ProjectLifecycle.EscalateReport:
                if (project.ReportDueAt is not { } reportDue || reportDue > now || project.ReportEscalatedFor == reportDue)
                {
                    throw new ActionRefusedException(409, "timer_outrun", "周报期限未到或已提请督办", from, []);
                }

                project.ReportEscalatedFor = reportDue;
                project.Escalations++;
                escalationRows.Add(EscalationFor(project, "report", $"{project.LeadUnitName}超过 {Options.ReportEvery.TotalDays:0} 天未报告进展", now));
                publicNote = "进展报告逾期，已提请督办";
                break;

            case ProjectLifecycle.EscalateMilestone:
            {
                var n = input.Milestone ?? 0;
                var milestone = await RowAsync(project.Id, MilestoneKey(n), cancellationToken)
                    ?? throw new ActionRefusedException(409, "no_milestone", "没有这个节点", from, []);
                if (milestone.Escalated || milestone.DoneAt is not null || milestone.DueAt > now)
                {
                    throw new ActionRefusedException(409, "timer_outrun", "节点已完成或已提请督办", from, []); // Fired twice at once: the second re-reads and stops here.
                }

                milestone.Escalated = true;
                rows.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, milestone, milestone.ETag));
                project.Escalations++;
                escalationRows.Add(EscalationFor(project, $"ms|{n:D2}", $"节点“{milestone.Text}”（责任人 {milestone.Owner}）逾期未完成", now));
                publicNote = $"节点“{milestone.Text}”逾期，已提请督办";
                break;
            }

            default:
                throw new InvalidOperationException($"No plan for action {transition.Action}.");
        }

        project.State = to;
        project.Version = version;
        if (to != from)
        {
            project.StateVersion = version;
            project.StateEnteredAt = now;
        }

        return new Plan(Event(project, version, transition.Action, from, to, actor, now, publicNote, note), due, rows, escalationRows);
    }

    private async Task<IReadOnlyList<DueTimer>> ResumeTimersAsync(MicroProject project, string to, List<TableTransactionAction> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Deadlines that passed while suspended fall due a day after resuming, not at once.
        var grace = now.AddDays(1);
        var due = new List<DueTimer>();
        switch (to)
        {
            case "published":
                project.ClaimDeadline = project.ClaimDeadline > grace ? project.ClaimDeadline : grace;
                due.Add(Timer(project, ProjectLifecycle.ClaimDue, project.ClaimDeadline!.Value));
                break;
            case "executing":
                project.ReportDueAt = now + Options.ReportEvery;
                due.Add(Timer(project, ProjectLifecycle.ReportDue, project.ReportDueAt.Value));
                foreach (var m in (await RowsAsync(project.Id, ProjectRow.MilestonePrefix, cancellationToken)).Where(m => m.DoneAt is null && !m.Escalated))
                {
                    if (m.DueAt < grace)
                    {
                        m.DueAt = grace;
                        rows.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, m, m.ETag));
                    }

                    due.Add(Timer(project, $"{ProjectLifecycle.MilestoneDue}:{int.Parse(m.RowKey[ProjectRow.MilestonePrefix.Length..], CultureInfo.InvariantCulture)}", m.DueAt!.Value));
                }

                break;
            case "evaluating":
                project.EvaluationEndsAt = project.EvaluationEndsAt > grace ? project.EvaluationEndsAt : grace;
                due.Add(Timer(project, ProjectLifecycle.EvaluationDue, project.EvaluationEndsAt!.Value));
                break;
        }

        return due;
    }

    /// <summary>
    /// The year-end outcome (青白江: retire what residents did not value, extend what they did): too few
    /// scores → review; 满意率 below the retire line → retire; average, helped share and 满意率 all at
    /// or above the renew lines → renew; anything between → retire. Thresholds: section <c>Projects</c>.
    /// </summary>
    public static string Recommend(ProjectOptions rule, int count, double? average, double? helped, double? satisfied) =>
        count < rule.MinScores ? "review"
        : satisfied < rule.RetireBelowSatisfaction ? "retire"
        : average >= rule.RenewMinScore && helped >= rule.RenewMinHelpedShare && satisfied >= rule.RenewMinSatisfaction ? "renew"
        : "retire";

    public static string RecommendationLabel(string? recommendation) => recommendation switch
    {
        "renew" => "续办",
        "retire" => "不再续办",
        "review" => "评价人数不足，由工作人员研判",
        _ => "—",
    };

    private static EscalationRow EscalationFor(MicroProject project, string subject, string reason, DateTimeOffset now) => new()
    {
        PartitionKey = project.Coordinator is { } coordinator ? EscalationInbox.Coordinator(coordinator) : EscalationInbox.District,
        RowKey = EscalationRow.RowKeyFor(ProjectLifecycle.Name, $"{project.Id}|{subject}"),
        Lifecycle = ProjectLifecycle.Name,
        EntityKey = $"{project.Id}|{subject}",
        State = project.State,
        StateVersion = project.StateVersion,
        Level = 1,
        Title = project.Title,
        Reason = reason,
        UnitName = project.LeadUnitName,
        EscalatedAt = now,
    };

    private async Task CommitAsync(MicroProject project, Plan plan, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MicroProject.TableName, cancellationToken);
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpdateReplace, project, project.ETag),
            .. plan.Rows,
            new(TableTransactionActionType.Add, plan.Event),
        ];
        try
        {
            var etags = await table.SubmitBatchAsync(actions, cancellationToken);
            project.ETag = etags[0];
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412 || (ex.ErrorCode == "EntityAlreadyExists" && ex.FailedTransactionActionIndex == actions.Count - 1))
        {
            throw StorageFailures.Conflict(ex);
        }
    }

    /// <summary>Brings the board row and the linked requests up to date with the project. Idempotent.</summary>
    private async Task SyncAsync(MicroProject project, CancellationToken cancellationToken)
    {
        var claims = await RowsAsync(project.Id, ProjectRow.ClaimPrefix, cancellationToken);
        var supports = await RowsAsync(project.Id, ProjectRow.SupportPrefix, cancellationToken);
        var linked = JsonSerializer.Deserialize<List<string>>(project.LinkedRequests) ?? [];
        var board = await tables.GetAsync(BoardRow.TableName, cancellationToken);
        var current = await board.GetEntityOrDefaultAsync<BoardRow>(BoardRow.Partition, project.Id, cancellationToken: cancellationToken);
        var notified = current?.NotifiedVersion ?? 0;
        if (project.Version > notified && linked.Count > 0)
        {
            await NotifyLinkedAsync(project, linked, notified, cancellationToken);
        }

        if (current is null || current.Version <= project.Version)
        {
            await board.UpsertEntityAsync(
                new BoardRow
                {
                    RowKey = project.Id,
                    Version = project.Version,
                    Title = project.Title,
                    State = project.State,
                    Theme = project.Theme,
                    TownId = project.TownId,
                    CommunityIds = project.CommunityIds,
                    Batch = project.Batch,
                    Budget = project.Budget,
                    LeadUnitName = project.LeadUnitName,
                    Claimants = string.Join("、", claims.Where(c => c.Status == "confirmed").Select(c => c.UnitName)),
                    CoordinatorName = project.CoordinatorName,
                    Percent = project.Percent,
                    Supports = supports.Count,
                    LinkedRequests = linked.Count,
                    StateEnteredAt = project.StateEnteredAt,
                    ClaimDeadline = project.ClaimDeadline,
                    Recommendation = project.Recommendation,
                    AverageScore = project.AverageScore,
                    Escalations = project.Escalations,
                    NotifiedVersion = Math.Max(notified, project.Version),
                },
                TableUpdateMode.Replace,
                cancellationToken);
        }

        await metrics.RecordAsync(await ProjectMetrics.FactsForAsync(project, claims, RowsAsync, deploymentTime.Zone, cancellationToken), cancellationToken);

        if (project.Version == 1 || project.State == "proposed")
        {
            foreach (var code in linked)
            {
                var request = await requests.FindAsync(code, cancellationToken);
                if (request is null || request.ProjectId == project.Id || RequestLifecycle.Table.Find(request.Status.State(), RequestLifecycle.Merge) is null)
                {
                    continue; // Gone, already merged, or past merging (closed): the project still lists it.
                }

                try
                {
                    await handling.ApplyAsync(code, RequestLifecycle.Merge, Actor.System, new HandlingInput(Of: project.Id, ProjectTitle: project.Title), cancellationToken);
                }
                catch (ActionRefusedException ex) when (ex.Status == 409)
                {
                    LogMergeRefused(code, project.Id);
                }
            }
        }
    }

    /// <summary>Every public step since <paramref name="after"/> becomes a notice to each linked resident (and their partner system).</summary>
    private async Task NotifyLinkedAsync(MicroProject project, IReadOnlyList<string> linked, int after, CancellationToken cancellationToken)
    {
        var steps = (await HistoryAsync(project, cancellationToken)).Where(e => e.Version > after && e.PublicNote is not null).ToList();
        var notices = new List<Notification>();
        foreach (var code in linked)
        {
            var request = await requests.FindAsync(code, cancellationToken);
            if (request is null)
            {
                continue;
            }

            foreach (var step in steps)
            {
                var eventId = Notification.EventIdOf(ProjectLifecycle.Name, project.Id, step.Version);
                var notice = new Notification
                {
                    PartitionKey = NotificationOutbox.ForRequest(code),
                    RowKey = $"{eventId}|{Notification.InApp}",
                    Channel = Notification.InApp,
                    EventId = eventId,
                    Lifecycle = ProjectLifecycle.Name,
                    EntityKey = project.Id,
                    Version = step.Version,
                    Action = step.Action,
                    Title = $"民心微实事“{project.Title}”：{ActionLabel(step.Action)}",
                    Body = step.PublicNote,
                    At = step.At,
                    TrackingCode = code,
                    Delivery = "delivered",
                    Status = step.ToState,
                    StatusLabel = StateLabel(step.ToState),
                };
                notices.Add(notice);
                if (request.PartnerId is not null)
                {
                    notices.Add(new Notification
                    {
                        PartitionKey = NotificationOutbox.ForPartner(request.PartnerId),
                        RowKey = $"{eventId}|{code}|{Notification.PartnerCallback}",
                        Channel = Notification.PartnerCallback,
                        EventId = $"{eventId}:{code}",
                        Lifecycle = ProjectLifecycle.Name,
                        EntityKey = project.Id,
                        Version = step.Version,
                        Action = step.Action,
                        Title = notice.Title,
                        Body = step.PublicNote,
                        At = step.At,
                        TrackingCode = code,
                        PartnerId = request.PartnerId,
                        PartnerRef = request.PartnerRef,
                        Status = request.Status.State(),
                        StatusLabel = RequestLabels.Status(request.Status),
                    });
                }
            }
        }

        await outbox.PublishAsync(notices, cancellationToken);
    }

    private Task RemoveSyncAsync(DueTimer sync, CancellationToken cancellationToken) => timers.ForgetAsync(sync, cancellationToken);

    private async Task<bool> IsReplayAsync(MicroProject project, int version, string action, Actor actor, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MicroProject.TableName, cancellationToken);
        var step = await table.GetEntityOrDefaultAsync<LifecycleEvent>(project.Id, LifecycleEvent.RowKeyFor(project.Id, version), cancellationToken: cancellationToken);
        return step is not null && step.Action == action && step.Actor == actor.Id;
    }

    private static DueTimer SyncTimer(MicroProject project, DateTimeOffset now) => new(ProjectLifecycle.Name, project.Id, project.Version + 1, ProjectLifecycle.Sync, now.AddMinutes(1));

    private static DueTimer Timer(MicroProject project, string timer, DateTimeOffset dueAt) => new(ProjectLifecycle.Name, project.Id, project.Version + 1, timer, dueAt);

    private static LifecycleEvent Event(MicroProject project, int version, string action, string from, string to, Actor actor, DateTimeOffset now, string? publicNote, string? note) => new()
    {
        PartitionKey = project.Id,
        RowKey = LifecycleEvent.RowKeyFor(project.Id, version),
        EntityKey = project.Id,
        Version = version,
        Action = action,
        FromState = from,
        ToState = to,
        Actor = actor.Id,
        ActorLabel = actor.Label,
        At = now,
        PublicNote = publicNote,
        Note = note,
    };

    public static string ClaimKey(string unitId) => ProjectRow.ClaimPrefix + unitId;

    public static string MilestoneKey(int n) => ProjectRow.MilestonePrefix + n.ToString("D2", CultureInfo.InvariantCulture);

    private static string NewId(string? key)
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var bytes = key is null ? RandomNumberGenerator.GetBytes(8) : SHA256.HashData(Encoding.UTF8.GetBytes(key))[..8];
        var id = new StringBuilder("p");
        foreach (var b in bytes)
        {
            id.Append(alphabet[b % alphabet.Length]);
        }

        return id.ToString();
    }

    private static void CheckPhotos(Validation validation, IReadOnlyList<string>? photos)
    {
        if (photos is { Count: > 9 })
        {
            validation.Add("photos", "最多 9 张照片");
        }

        if (photos?.Any(p => !ProjectPhotos.IsName(p)) == true)
        {
            validation.Add("photos", "照片应先上传，再引用返回的名称");
        }
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(500, text.Trim().Length)];

    private static void ThrowIfInvalid(Validation validation)
    {
        if (!validation.IsValid)
        {
            throw new HandlingInputException(validation);
        }
    }

    private static string Local(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string StateLabel(string state) => ProjectLifecycle.Table.States.FirstOrDefault(s => s.Name == state)?.Label ?? state;

    public static string ActionLabel(string action) =>
        action == "propose" ? "提议" : ProjectLifecycle.Table.Transitions.FirstOrDefault(t => t.Action == action)?.Label ?? action;

    public static string PledgeLabel(string kind) => kind switch
    {
        "money" => "资金",
        "materials" => "物资",
        "volunteer_hours" => "志愿服务时长",
        "service" => "服务",
        _ => kind,
    };

    private static string AllowedText(IReadOnlyList<string> allowed) =>
        allowed.Count == 0 ? "您现在没有可执行的操作。" : $"您现在可以：{string.Join("、", allowed.Select(ActionLabel))}。";

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Timer} of project {Id} found the step already taken")]
    private partial void LogTimerOutrun(string id, string timer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "After a step of project {Id} the board or linked requests were not updated; the sync deadline retries")]
    private partial void LogSyncFailed(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Code} could not be merged into project {Id}")]
    private partial void LogMergeRefused(string code, string id);
}
