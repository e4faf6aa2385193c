using System.Security.Claims;
using Microsoft.Extensions.Options;
using ServerlessMinSheng.Analyzer;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Notifications;
using ServerlessMinSheng.Functions.Rankings;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;
using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Functions.Triage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Handling;

/// <summary>Who is acting: a signed-in staff member, the resident holding the tracking code, or a deadline.</summary>
public sealed record Actor(string Id, string Label, ClaimsPrincipal? User)
{
    public static readonly Actor System = new("system", "系统", null);
    public static readonly Actor Resident = new("resident", "居民", null);

    public StaffSession? Staff => User is null ? null : StaffSession.From(User);

    public static Actor Of(ClaimsPrincipal user) => StaffSession.From(user) is { } s ? new Actor(s.Username, s.DisplayName, user) : throw new InvalidOperationException("Not a staff member.");
}

/// <summary>What an action may carry; each action reads the fields it needs.</summary>
public sealed record HandlingInput(
    int? Version = null,
    string? UnitKind = null,
    string? UnitId = null,
    string? Urgency = null,
    string? Reason = null,
    string? Outcome = null,
    string? Text = null,
    bool? Resolved = null,
    string? Satisfaction = null,
    string? Comment = null,
    string? Of = null,
    string? ProjectTitle = null);

/// <summary>Bad input for an action: 400, nothing changed.</summary>
public sealed class HandlingInputException(Validation validation) : Exception("The input is not valid.")
{
    public Validation Validation { get; } = validation;
}

/// <summary>
/// Quick handling of one request: every step is read → check table, party and input → record the
/// deadlines and inbox rows it will need → one transaction (the request, guarded by its ETag, plus
/// the history event for its new version) → arm the timers and clean up. Two people acting at once:
/// one wins, the other re-reads and is refused if the step is no longer permitted.
/// </summary>
public sealed partial class RequestHandling(
    AppTables tables,
    RequestStore requests,
    UnitRegistry registry,
    ScopeAuthorization scopes,
    TimerScheduling timers,
    UnitInbox inbox,
    EscalationInbox escalations,
    NotificationOutbox outbox,
    MetricRecorder metrics,
    TriageQueueProjection triageQueue,
    DeploymentTime deploymentTime,
    IOptions<HandlingOptions> options,
    TimeProvider time,
    ILogger<RequestHandling> logger) : ITimerTarget, IEscalationSource
{
    private const int MaxAttempts = 10;
    private static readonly string[] Outcomes = ["resolved", "unresolved", "explained"];
    private static readonly string[] Satisfactions = ["satisfied", "basically_satisfied", "unsatisfied"];
    private static readonly string[] Urgencies = ["normal", "urgent"];

    public string Lifecycle => RequestLifecycle.Name;

    private HandlingOptions Options => options.Value;

    public async Task<ResidentRequest> ApplyAsync(string code, string action, Actor actor, HandlingInput input, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var request = await requests.FindAsync(code, cancellationToken) ?? throw new ActionRefusedException(404, "not_found", "没有这个诉求", string.Empty, []);
            if (input.Version is { } seen && request.Version > seen && await IsReplayAsync(request, seen + 1, action, actor, cancellationToken))
            {
                return request; // The same person's same step arrived twice (a double click, a retried call).
            }

            var state = request.Status.State();
            var transition = RequestLifecycle.Table.Find(state, action);
            if (transition is null)
            {
                var allowed = await AllowedAsync(request, actor, cancellationToken);
                throw new ActionRefusedException(409, "action_not_allowed", $"诉求当前为“{StateLabel(request)}”，不能“{ActionLabel(action)}”。{AllowedText(allowed)}", state, allowed);
            }

            if (!await IsPartyAsync(transition.Party, request, actor, cancellationToken))
            {
                var allowed = await AllowedAsync(request, actor, cancellationToken);
                throw new ActionRefusedException(403, "not_permitted", $"您无权对此诉求执行“{transition.Label}”（当前为“{StateLabel(request)}”）。{AllowedText(allowed)}", state, allowed);
            }

            var plan = await PlanAsync(request, transition, actor, input, cancellationToken);
            await timers.RecordAsync(plan.Notify is null ? plan.Timers : [.. plan.Timers, plan.Notify], cancellationToken);
            await inbox.PutAsync(plan.InboxPut, cancellationToken);
            await escalations.PutAsync(plan.EscalationPut, cancellationToken);
            try
            {
                await CommitAsync(request, plan.Event, cancellationToken);
            }
            catch (RequestFailedException conflict) when (conflict.IsConflict() && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
                continue; // Someone else changed it first: read again and decide again.
            }
            catch (RequestFailedException conflict) when (conflict.IsConflict())
            {
                throw new ActionRefusedException(409, "busy", "诉求正被他人同时处理，请刷新后重试", state, []);
            }

            await AfterCommitAsync(plan, cancellationToken);
            return request;
        }
    }

    /// <summary>The steps this person may take now, in table order (timers' steps are never offered).</summary>
    public async Task<IReadOnlyList<string>> AllowedAsync(ResidentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var allowed = new List<string>();
        foreach (var transition in RequestLifecycle.Table.From(request.Status.State()))
        {
            if (transition.Party != RequestParty.System && await IsPartyAsync(transition.Party, request, actor, cancellationToken))
            {
                allowed.Add(transition.Action);
            }
        }

        return allowed;
    }

    public async Task<bool> IsPartyAsync(string party, ResidentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var staff = actor.Staff;
        return party switch
        {
            RequestParty.System => ReferenceEquals(actor, Actor.System),
            RequestParty.Resident => ReferenceEquals(actor, Actor.Resident),
            RequestParty.Dispatcher => staff is not null && staff.Has(Capability.DispatchRequests) && await scopes.CanAccessCommunityAsync(actor.User!, request.CommunityId, cancellationToken),
            RequestParty.Assignee => staff is not null && IsAssignee(staff, request),
            _ => false,
        };
    }

    /// <summary>Whether this staff member works in the unit the request is dispatched to.</summary>
    public static bool IsAssignee(StaffSession staff, ResidentRequest request) =>
        staff.Has(Capability.HandleRequests) && request.AssignedUnitId is { } unit && staff.ScopeId == unit && (request.AssignedUnitKind, staff.Role) switch
        {
            ("community", Role.CommunityStaff) => true,
            ("town", Role.TownStaff) => true,
            ("department", Role.DepartmentStaff) => true,
            _ => false,
        };

    public async Task<IReadOnlyList<LifecycleEvent>> HistoryAsync(ResidentRequest request, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ResidentRequest.TableName, cancellationToken);
        return await table.QueryAsync<LifecycleEvent>(LifecycleEvent.Filter(request.PartitionKey, request.Code), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
    }

    public async Task FireAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        var request = await requests.FindAsync(timer.Key, cancellationToken);
        if (timer.Timer == RequestLifecycle.Notify)
        {
            // The process died between a step and its notices or counts: publish and count them now (both idempotent).
            var table = await tables.GetAsync(ResidentRequest.TableName, cancellationToken);
            var step = request is null ? null : await table.GetEntityOrDefaultAsync<LifecycleEvent>(request.PartitionKey, LifecycleEvent.RowKeyFor(request.Code, timer.Version), cancellationToken: cancellationToken);
            if (step is not null)
            {
                await outbox.PublishAsync(NoticesFor(request!, step), cancellationToken);
                await metrics.RecordAsync(RequestMetrics.FactsFor(request!, step, deploymentTime.Zone), cancellationToken);
            }

            return;
        }

        var action = timer.Timer switch
        {
            RequestLifecycle.SignDue => RequestLifecycle.EscalateSign,
            RequestLifecycle.ReplyDue => RequestLifecycle.EscalateReply,
            RequestLifecycle.RatingDue => RequestLifecycle.CloseUnrated,
            _ => throw new InvalidOperationException($"Unknown request timer '{timer.Timer}'."),
        };
        if (request is null || request.Version != timer.Version || RequestLifecycle.Table.Find(request.Status.State(), action) is null)
        {
            return; // The step it watched is done, or it was set by a transition that never committed.
        }

        try
        {
            await ApplyAsync(timer.Key, action, Actor.System, new HandlingInput(Version: timer.Version), cancellationToken);
        }
        catch (ActionRefusedException ex) when (ex.Status == 409)
        {
            LogTimerOutrun(timer.Key, timer.Timer); // Someone acted between our read and our write; nothing to do.
        }
    }

    public async Task<bool> IsCurrentAsync(EscalationRow row, CancellationToken cancellationToken)
    {
        var request = await requests.FindAsync(row.EntityKey, cancellationToken);
        return request is not null && request.Status.State() == row.State && request.StateVersion == row.StateVersion && request.EscalationLevel >= row.Level;
    }

    private async Task<bool> IsReplayAsync(ResidentRequest request, int version, string action, Actor actor, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ResidentRequest.TableName, cancellationToken);
        var step = await table.GetEntityOrDefaultAsync<LifecycleEvent>(request.PartitionKey, LifecycleEvent.RowKeyFor(request.Code, version), cancellationToken: cancellationToken);
        return step is not null && step.Action == action && step.Actor == actor.Id;
    }

    private sealed record Plan(LifecycleEvent Event, IReadOnlyList<DueTimer> Timers, InboxRow? InboxPut, IReadOnlyList<EscalationRow> EscalationPut, string? LeftInbox, bool LeavesState, ResidentRequest Request)
    {
        /// <summary>Set when the step has notices to send: a deadline that publishes them if the process dies first.</summary>
        public DueTimer? Notify { get; init; }
    }

    /// <summary>
    /// Notices a step makes: a signed callback to the partner system the request came from, for each step the
    /// public sees; and for the reply, which asks the resident to rate, an in-app notice from which the outbox
    /// makes the SMS / WeChat message when those are on.
    /// </summary>
    public static IReadOnlyList<Notification> NoticesFor(ResidentRequest request, LifecycleEvent step)
    {
        if (step.PublicNote is null)
        {
            return [];
        }

        var eventId = Notification.EventIdOf(RequestLifecycle.Name, request.Code, step.Version);
        Notification Notice(string partition, string channel) => new()
        {
            PartitionKey = partition,
            RowKey = $"{eventId}|{channel}",
            Channel = channel,
            EventId = eventId,
            Lifecycle = RequestLifecycle.Name,
            EntityKey = request.Code,
            Version = step.Version,
            Action = step.Action,
            Title = ActionLabel(step.Action),
            Body = step.PublicNote,
            At = step.At,
            TrackingCode = request.Code,
            Status = step.ToState,
            StatusLabel = RequestLabels.Status(Enum.Parse<RequestStatus>(step.ToState, ignoreCase: true)),
        };

        var notices = new List<Notification>();
        if (step.Action == RequestLifecycle.Reply)
        {
            var inApp = Notice(NotificationOutbox.ForRequest(request.Code), Notification.InApp);
            inApp.Delivery = Notification.Delivered;
            notices.Add(inApp);
        }

        if (request.PartnerId is not null)
        {
            var callback = Notice(NotificationOutbox.ForPartner(request.PartnerId), Notification.PartnerCallback);
            callback.PartnerId = request.PartnerId;
            callback.PartnerRef = request.PartnerRef;
            notices.Add(callback);
        }

        return notices;
    }

    private async Task<Plan> PlanAsync(ResidentRequest request, LifecycleTransition transition, Actor actor, HandlingInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = request.Status.State();
        var version = request.Version + 1;
        var validation = new Validation();
        var timersToSet = new List<DueTimer>();
        var escalationRows = new List<EscalationRow>();
        string? publicNote;
        string? note = null;
        var previousInbox = request.AssignedUnitKind is { } previousKind && request.AssignedUnitId is { } previousId ? InboxRow.UnitKey(previousKind, previousId) : null;

        switch (transition.Action)
        {
            case RequestLifecycle.Dispatch:
            {
                var urgency = input.Urgency ?? "normal";
                if (!Urgencies.Contains(urgency))
                {
                    validation.Add("urgency", "紧急程度应为 normal 或 urgent");
                }

                var kind = input.UnitKind switch { "community" => UnitKind.Community, "town" => UnitKind.Town, "department" => UnitKind.Department, _ => (UnitKind?)null };
                var unit = kind is null || string.IsNullOrEmpty(input.UnitId) ? null : await registry.FindAsync(kind.Value, input.UnitId, cancellationToken);
                if (kind is null)
                {
                    validation.Add("unitKind", "承办单位类型应为 community、town 或 department");
                }
                else if (unit is null)
                {
                    validation.Add("unitId", "请选择承办单位");
                }

                ThrowIfInvalid(validation);
                request.AssignedUnitKind = input.UnitKind;
                request.AssignedUnitId = unit!.Id;
                request.AssignedUnitName = unit.Name;
                request.Urgency = urgency;
                request.DispatchedAt = now;
                request.SignDueAt = now + Options.SignDeadline(urgency);
                request.DueAt = request.SignDueAt;
                request.EscalationLevel = 0;
                timersToSet.Add(new DueTimer(RequestLifecycle.Name, request.Code, version, RequestLifecycle.SignDue, request.DueAt.Value));
                publicNote = $"已派发至{unit.Name}办理";
                note = $"{unit.Name}（{(urgency == "urgent" ? "紧急" : "一般")}）";
                break;
            }

            case RequestLifecycle.Sign:
                request.SignedAt = now;
                request.DueAt = now + Options.ReplyDeadline(request.Urgency ?? "normal", request.Grade);
                request.EscalationLevel = 0;
                timersToSet.Add(new DueTimer(RequestLifecycle.Name, request.Code, version, RequestLifecycle.ReplyDue, request.DueAt.Value));
                publicNote = $"{request.AssignedUnitName}已签收，正在办理";
                break;

            case RequestLifecycle.Return:
                validation.Require("reason", input.Reason, "退回理由", 500);
                ThrowIfInvalid(validation);
                note = $"{request.AssignedUnitName}退回：{input.Reason!.Trim()}";
                publicNote = "承办单位申请退回，正在重新派单";
                request.AssignedUnitKind = request.AssignedUnitId = request.AssignedUnitName = null;
                request.DueAt = null;
                request.EscalationLevel = 0;
                request.Returns++;
                break;

            case RequestLifecycle.Reply:
                if (input.Outcome is null || !Outcomes.Contains(input.Outcome))
                {
                    validation.Add("outcome", "办理结果应为 resolved（已解决）、unresolved（未解决）或 explained（已解释说明）");
                }

                validation.Require("text", input.Text, "答复内容", 2000);
                ThrowIfInvalid(validation);
                request.RepliedAt = now;
                request.ReplyOutcome = input.Outcome;
                request.ReplyText = input.Text!.Trim();
                request.DueAt = now + Options.RatingWindow;
                request.EscalationLevel = 0;
                timersToSet.Add(new DueTimer(RequestLifecycle.Name, request.Code, version, RequestLifecycle.RatingDue, request.DueAt.Value));
                publicNote = $"{request.AssignedUnitName}已答复（{OutcomeLabel(input.Outcome!)}）：{TextAnalyzer.Redact(request.ReplyText).Text}";
                note = request.ReplyText;
                break;

            case RequestLifecycle.Rate:
                if (input.Resolved is null)
                {
                    validation.Add("resolved", "请选择问题是否已解决");
                }

                if (input.Satisfaction is null || !Satisfactions.Contains(input.Satisfaction))
                {
                    validation.Add("satisfaction", "请选择满意、基本满意或不满意");
                }

                if (input.Comment is { Length: > 500 })
                {
                    validation.Add("comment", "评价最多 500 个字符");
                }

                ThrowIfInvalid(validation);
                request.RatedAt = request.ClosedAt = now;
                request.RatedResolved = input.Resolved;
                request.Satisfaction = input.Satisfaction;
                request.RatingComment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
                request.CloseReason = "rated";
                request.DueAt = null;
                publicNote = $"居民已评价：{(input.Resolved == true ? "已解决" : "未解决")}，{SatisfactionLabel(input.Satisfaction!)}";
                note = request.RatingComment;
                break;

            case RequestLifecycle.CloseDuplicate:
            {
                var original = TrackingCode.TryNormalize(input.Of, out var of) && of != request.Code ? await requests.FindAsync(of, cancellationToken) : null;
                if (original is null)
                {
                    validation.Add("of", "请填写与之重复的诉求查询码（不能是本诉求）");
                }

                ThrowIfInvalid(validation);
                request.ClosedAsDuplicateOf = original!.Code;
                request.ClosedAt = now;
                request.CloseReason = "duplicate";
                request.DueAt = null;
                publicNote = $"与诉求 {TrackingCode.Display(original.Code)} 反映的是同一问题，合并办理";
                break;
            }

            case RequestLifecycle.EscalateSign or RequestLifecycle.EscalateReply:
            {
                var level = Math.Min(2, request.EscalationLevel + 1);
                request.EscalationLevel = level;
                var what = transition.Action == RequestLifecycle.EscalateSign ? "签收" : "答复";
                var reason = $"{request.AssignedUnitName}超时未{what}";
                if (level == 1)
                {
                    request.DueAt = now + Options.SupervisionAfter;
                    timersToSet.Add(new DueTimer(RequestLifecycle.Name, request.Code, version, transition.Action == RequestLifecycle.EscalateSign ? RequestLifecycle.SignDue : RequestLifecycle.ReplyDue, request.DueAt.Value));
                }

                escalationRows.Add(EscalationFor(request, level == 1 ? EscalationInbox.Town(request.TownId) : EscalationInbox.District, level, reason, now));
                publicNote = level == 1 ? $"超时未{what}，已提交街道（乡镇）督办" : $"超时未{what}，已提交区级督办";
                note = reason;
                break;
            }

            case RequestLifecycle.Merge:
                validation.Require("of", input.Of, "项目", 64);
                ThrowIfInvalid(validation);
                request.ProjectId = input.Of;
                request.ProjectTitle = input.ProjectTitle;
                request.ClosedAt = now;
                request.CloseReason = "merged";
                request.DueAt = null;
                publicNote = $"已纳入民心微实事项目“{input.ProjectTitle}”统筹办理";
                break;

            case RequestLifecycle.CloseUnrated:
                request.ClosedAt = now;
                request.CloseReason = "unrated";
                request.DueAt = null;
                publicNote = "评价期已满，诉求自动办结";
                break;

            default:
                throw new InvalidOperationException($"No plan for action {transition.Action}.");
        }

        var leavesState = transition.To != from;
        request.Status = Enum.Parse<RequestStatus>(transition.To, ignoreCase: true);
        request.Version = version;
        if (leavesState)
        {
            request.StateVersion = version;
            request.StateEnteredAt = now;
        }

        var step = new LifecycleEvent
        {
            PartitionKey = request.PartitionKey,
            RowKey = LifecycleEvent.RowKeyFor(request.Code, version),
            EntityKey = request.Code,
            Version = version,
            Action = transition.Action,
            FromState = from,
            ToState = transition.To,
            Actor = actor.Id,
            ActorLabel = actor.Label,
            At = now,
            PublicNote = publicNote,
            Note = note,
            HeldBy = request.AssignedUnitKind is { } heldKind && request.AssignedUnitId is { } heldId ? $"{heldKind}|{heldId}" : null,
            HeldByName = request.AssignedUnitName,
        };
        var holds = request.Status is RequestStatus.Dispatched or RequestStatus.Signed;
        var inboxRow = holds ? InboxRow.For(request) : null;
        var leftInbox = previousInbox is not null && (!holds || previousInbox != inboxRow!.PartitionKey) ? previousInbox : null;
        return new Plan(step, timersToSet, inboxRow, escalationRows, leftInbox, leavesState, request)
        {
            Notify = NoticesFor(request, step).Count > 0 || RequestMetrics.FactsFor(request, step, deploymentTime.Zone).Count > 0 ? new DueTimer(RequestLifecycle.Name, request.Code, version, RequestLifecycle.Notify, now.AddMinutes(1)) : null,
        };
    }

    private static EscalationRow EscalationFor(ResidentRequest request, string inboxKey, int level, string reason, DateTimeOffset now) => new()
    {
        PartitionKey = inboxKey,
        RowKey = EscalationRow.RowKeyFor(RequestLifecycle.Name, request.Code),
        Lifecycle = RequestLifecycle.Name,
        EntityKey = request.Code,
        State = request.Status.State(),
        StateVersion = request.StateVersion,
        Level = level,
        Title = request.Title,
        Reason = reason,
        UnitName = request.AssignedUnitName,
        EscalatedAt = now,
        DueAt = request.DueAt,
    };

    private async Task CommitAsync(ResidentRequest request, LifecycleEvent step, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ResidentRequest.TableName, cancellationToken);
        try
        {
            var etags = await table.SubmitBatchAsync(
                [new TableTransactionAction(TableTransactionActionType.UpdateReplace, request, request.ETag), new TableTransactionAction(TableTransactionActionType.Add, step)],
                cancellationToken);
            request.ETag = etags[0];
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412 || ex.ErrorCode == "EntityAlreadyExists")
        {
            throw StorageFailures.Conflict(ex);
        }
    }

    private async Task AfterCommitAsync(Plan plan, CancellationToken cancellationToken)
    {
        // Best effort: the sweep fires a timer whose message was not sent, and inboxes check every row
        // against the request when read, so a crash here leaves nothing wrong behind.
        try
        {
            await timers.ArmAsync(plan.Timers, cancellationToken);
            if (plan.Notify is not null)
            {
                await outbox.PublishAsync(NoticesFor(plan.Request, plan.Event), cancellationToken);
                await metrics.RecordAsync(RequestMetrics.FactsFor(plan.Request, plan.Event, deploymentTime.Zone), cancellationToken);
                await timers.ForgetAsync(plan.Notify, cancellationToken);
            }

            if (plan.LeftInbox is not null)
            {
                await inbox.RemoveAsync(plan.LeftInbox, plan.Request.Code, cancellationToken);
            }

            if (plan.LeavesState)
            {
                await escalations.ClearAsync(RequestLifecycle.Name, plan.Request.Code, plan.Request.TownId, cancellationToken);
            }

            if (plan.Event.FromState == "triaged")
            {
                await triageQueue.RemoveAsync(plan.Request, cancellationToken); // Dispatched, merged or closed: its triage was taken as it stood.
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCleanupFailed(ex, plan.Request.Code);
        }
    }

    private static void ThrowIfInvalid(Validation validation)
    {
        if (!validation.IsValid)
        {
            throw new HandlingInputException(validation);
        }
    }

    public static string StateLabel(ResidentRequest request) =>
        request.Status == RequestStatus.Received ? "待分类" : RequestLifecycle.Table.State(request.Status.State()).Label;

    public static string ActionLabel(string action) => RequestLifecycle.Table.Transitions.FirstOrDefault(t => t.Action == action)?.Label ?? action;

    private static string AllowedText(IReadOnlyList<string> allowed) =>
        allowed.Count == 0 ? "您现在没有可执行的操作。" : $"您现在可以：{string.Join("、", allowed.Select(ActionLabel))}。";

    public static string OutcomeLabel(string outcome) => outcome switch { "resolved" => "已解决", "unresolved" => "未解决", "explained" => "已解释说明", _ => outcome };

    public static string SatisfactionLabel(string satisfaction) => satisfaction switch { "satisfied" => "满意", "basically_satisfied" => "基本满意", "unsatisfied" => "不满意", _ => satisfaction };

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Timer} of request {Code} found the step already taken")]
    private partial void LogTimerOutrun(string code, string timer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clean-up after a step of request {Code} failed; the sweep and inbox checks cover it")]
    private partial void LogCleanupFailed(Exception exception, string code);
}
