using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Functions.Projects;

/// <summary>Who may take a step of a micro-project.</summary>
public static class ProjectParty
{
    /// <summary>Staff who run micro-projects in the project's town (town staff) or anywhere (district admin).</summary>
    public const string Staff = "staff";

    /// <summary>The district admin: approve, reject, publish, suspend, cancel.</summary>
    public const string Approver = "approver";

    /// <summary>The project's government coordinator (协调保障领导), or the district admin.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>Any social unit's staff.</summary>
    public const string SocialUnit = "social_unit";

    /// <summary>Staff of the lead claimant.</summary>
    public const string Lead = "lead";

    public const string System = "system";
}

/// <summary>民心微实事: a micro-project from proposal to its year-end recommendation, as a transition table.</summary>
public static class ProjectLifecycle
{
    public const string Name = "project";

    public const string OpenDeliberation = "open_deliberation";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Publish = "publish";
    public const string Claim = "claim";
    public const string ConfirmClaim = "confirm_claim";
    public const string AssignCoordinator = "assign_coordinator";
    public const string ExtendClaims = "extend_claims";
    public const string FundByGovernment = "fund_by_government";
    public const string StartExecution = "start_execution";
    public const string Report = "report";
    public const string Complete = "complete";
    public const string WriteOff = "write_off";
    public const string OpenEvaluation = "open_evaluation";
    public const string Close = "close";
    public const string Suspend = "suspend";
    public const string Resume = "resume";
    public const string Cancel = "cancel";
    public const string EscalateClaim = "escalate_claim";
    public const string EscalateMilestone = "escalate_milestone";
    public const string EscalateReport = "escalate_report";
    public const string CloseEvaluation = "close_evaluation";

    /// <summary>Timers.</summary>
    public const string ClaimDue = "claim_due";
    public const string MilestoneDue = "milestone_due";
    public const string ReportDue = "report_due";
    public const string EvaluationDue = "evaluation_due";

    /// <summary>Not a step: the board row and linked requests catch up after a step (a deadline index row makes it survive a crash).</summary>
    public const string Sync = "sync";

    private static readonly string[] Active = ["proposed", "deliberating", "approved", "published", "claimed", "executing", "completed", "written_off", "evaluating"];

    public static readonly LifecycleTable Table = new(
        Name,
        "民心微实事 (micro-project)",
        [
            new("proposed", "已提议"),
            new("deliberating", "议事中"),
            new("approved", "已通过，待发布"),
            new("published", "已发布，待认领"),
            new("claimed", "已认领"),
            new("executing", "实施中"),
            new("completed", "已完工，待销账"),
            new("written_off", "已销账"),
            new("evaluating", "评价中"),
            new("closed", "已结项", IsFinal: true),
            new("rejected", "未通过", IsFinal: true),
            new("cancelled", "已取消", IsFinal: true),
            new("suspended", "已暂停"),
        ],
        [
            new(OpenDeliberation, ["proposed"], "deliberating", ProjectParty.Staff, "发起议事"),
            new(Approve, ["deliberating"], "approved", ProjectParty.Approver, "审核通过"),
            new(Reject, ["proposed", "deliberating"], "rejected", ProjectParty.Approver, "不予通过"),
            new(Publish, ["approved"], "published", ProjectParty.Approver, "发布认领"),
            new(AssignCoordinator, ["approved", "published", "claimed", "executing"], Same, ProjectParty.Approver, "指定协调保障领导"),
            new(Claim, ["published", "claimed"], Same, ProjectParty.SocialUnit, "认领"),
            new(ConfirmClaim, ["published", "claimed"], "claimed", ProjectParty.Coordinator, "确认认领"),
            new(ExtendClaims, ["published"], "published", ProjectParty.Coordinator, "延长认领期"),
            new(FundByGovernment, ["published"], "claimed", ProjectParty.Coordinator, "由政府资金兜底"),
            new(EscalateClaim, ["published"], "published", ProjectParty.System, "认领期满无人认领，提请协调"),
            new(StartExecution, ["claimed"], "executing", ProjectParty.Coordinator, "确认实施计划，开始实施"),
            new(Report, ["executing"], "executing", ProjectParty.Lead, "报告进展"),
            new(EscalateMilestone, ["executing"], "executing", ProjectParty.System, "节点逾期，提请督办"),
            new(EscalateReport, ["executing"], "executing", ProjectParty.System, "周报逾期，提请督办"),
            new(Complete, ["executing"], "completed", ProjectParty.Lead, "报告完工"),
            new(WriteOff, ["completed"], "written_off", ProjectParty.Staff, "核验销账"),
            new(OpenEvaluation, ["written_off"], "evaluating", ProjectParty.Staff, "开启居民评价"),
            new(Close, ["evaluating"], "closed", ProjectParty.Staff, "结项"),
            new(CloseEvaluation, ["evaluating"], "closed", ProjectParty.System, "评价期满，自动结项"),
            new(Suspend, Active, "suspended", ProjectParty.Approver, "暂停"),
            new(Resume, ["suspended"], LifecycleTable.Previous, ProjectParty.Approver, "恢复"),
            new(Cancel, [.. Active, "suspended"], "cancelled", ProjectParty.Coordinator, "取消"),
        ]);

    /// <summary>Marker for steps that keep the state (written as the state itself once resolved).</summary>
    private const string Same = LifecycleTable.Same;
}

/// <summary>Defaults for micro-projects (section <c>Projects</c>).</summary>
public sealed class ProjectOptions
{
    public TimeSpan ClaimWindow { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan ReportEvery { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan EvaluationWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Renew when the average resident score is at least this (1–5) …</summary>
    public double RenewMinScore { get; set; } = 4.0;

    /// <summary>… and at least this share of residents said it helped.</summary>
    public double RenewMinHelpedShare { get; set; } = 0.8;

    /// <summary>… and at least this share of the scores are 4 or 5 (满意率); below <see cref="RetireBelowSatisfaction"/> it retires outright.</summary>
    public double RenewMinSatisfaction { get; set; } = 0.8;

    /// <summary>Retire when fewer than this share of the scores are 4 or 5, however the rest looks.</summary>
    public double RetireBelowSatisfaction { get; set; } = 0.6;

    /// <summary>Fewer scores than this: the recommendation is "review" (not enough residents said).</summary>
    public int MinScores { get; set; } = 5;
}
