namespace ServerlessMinSheng.Functions.Identity;

public enum Role
{
    DistrictAdmin,
    TownStaff,
    CommunityStaff,
    DepartmentStaff,
    Coordinator,
    SocialUnit,
    Observer,
}

/// <summary>What a staff account is scoped to; authorization checks the scope, not only the role.</summary>
public enum ScopeKind
{
    None,
    Town,
    Community,
    Department,
    SocialUnit,
}

public enum Capability
{
    /// <summary>Create, change and disable accounts.</summary>
    ManageUsers,

    /// <summary>Towns and communities.</summary>
    ManageAreas,

    /// <summary>Departments and social units.</summary>
    ManageUnits,

    /// <summary>See the staff and data of the areas in one's scope.</summary>
    ViewScopedAreas,

    /// <summary>Record requests taken by phone, at a visit or a residents' meeting.</summary>
    IntakeRequests,

    /// <summary>Confirm or correct triage of the requests in one's scope.</summary>
    ReviewTriage,

    /// <summary>Upload year-end survey files.</summary>
    ImportSurveys,

    /// <summary>Register partner systems and their webhook secrets.</summary>
    ManagePartners,

    /// <summary>Retrain the analyzer from staff corrections.</summary>
    RetrainAnalyzer,

    /// <summary>Dispatch the requests of one's area to a unit, or close them as duplicates.</summary>
    DispatchRequests,

    /// <summary>Sign for, reply to or return the requests dispatched to one's own unit.</summary>
    HandleRequests,

    /// <summary>See the escalations that reach one's level (town/street or district).</summary>
    SuperviseEscalations,

    /// <summary>Propose micro-projects and run their steps (deliberation, write-off, evaluation) in one's area.</summary>
    ManageProjects,

    /// <summary>Approve, reject, publish, suspend and cancel micro-projects; assign coordinators.</summary>
    ApproveProjects,

    /// <summary>Confirm claims, start execution and resolve unclaimed projects for the projects one coordinates.</summary>
    CoordinateProjects,

    /// <summary>Claim published micro-projects for one's social unit and report on them.</summary>
    ClaimProjects,

    /// <summary>Record a department's feasibility note during deliberation.</summary>
    AdviseProjects,

    /// <summary>Add an observer's evaluation to a project in evaluation.</summary>
    EvaluateProjects,

    /// <summary>See one's own unit's rates in detail, with the rated requests that pulled them down.</summary>
    ViewUnitMetrics,

    /// <summary>Run the nightly ranking job on demand and backfill a date range.</summary>
    RunRankings,
}

/// <summary>The role table: wire names, Chinese names, the scope each role needs, and what it may do.</summary>
public static class Roles
{
    private static readonly Dictionary<Role, (string Name, string Label, ScopeKind Scope, Capability[] Capabilities)> Table = new()
    {
        [Role.DistrictAdmin] = ("district_admin", "区级管理员", ScopeKind.None,
            [Capability.ManageUsers, Capability.ManageAreas, Capability.ManageUnits, Capability.ViewScopedAreas, Capability.IntakeRequests,
             Capability.ReviewTriage, Capability.ImportSurveys, Capability.ManagePartners, Capability.RetrainAnalyzer, Capability.DispatchRequests,
             Capability.SuperviseEscalations, Capability.ManageProjects, Capability.ApproveProjects, Capability.CoordinateProjects, Capability.AdviseProjects,
             Capability.ViewUnitMetrics, Capability.RunRankings]),
        [Role.TownStaff] = ("town_staff", "街道/乡镇工作人员", ScopeKind.Town,
            [Capability.ViewScopedAreas, Capability.IntakeRequests, Capability.ReviewTriage, Capability.ImportSurveys, Capability.DispatchRequests, Capability.HandleRequests,
             Capability.SuperviseEscalations, Capability.ManageProjects, Capability.ViewUnitMetrics]),
        [Role.CommunityStaff] = ("community_staff", "社区工作人员", ScopeKind.Community,
            [Capability.ViewScopedAreas, Capability.IntakeRequests, Capability.ReviewTriage, Capability.DispatchRequests, Capability.HandleRequests, Capability.ViewUnitMetrics]),
        [Role.DepartmentStaff] = ("department_staff", "职能部门工作人员", ScopeKind.Department, [Capability.HandleRequests, Capability.AdviseProjects, Capability.ViewUnitMetrics]),
        [Role.Coordinator] = ("coordinator", "协调保障领导", ScopeKind.None, [Capability.CoordinateProjects, Capability.SuperviseEscalations]),
        [Role.SocialUnit] = ("social_unit", "社会单位", ScopeKind.SocialUnit, [Capability.ClaimProjects, Capability.ViewUnitMetrics]),
        [Role.Observer] = ("observer", "观察员", ScopeKind.None, [Capability.EvaluateProjects]),
    };

    public static IEnumerable<Role> All => Table.Keys;

    public static string Name(this Role role) => Table[role].Name;

    public static string Label(this Role role) => Table[role].Label;

    public static ScopeKind RequiredScope(this Role role) => Table[role].Scope;

    public static IReadOnlyList<Capability> Capabilities(this Role role) => Table[role].Capabilities;

    public static bool TryParse(string? name, out Role role)
    {
        foreach (var (candidate, row) in Table)
        {
            if (row.Name == name)
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    public static string Name(this ScopeKind kind) => kind switch
    {
        ScopeKind.None => "none",
        ScopeKind.Town => "town",
        ScopeKind.Community => "community",
        ScopeKind.Department => "department",
        ScopeKind.SocialUnit => "social_unit",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Name(this Capability capability) => capability switch
    {
        Capability.ManageUsers => "manage_users",
        Capability.ManageAreas => "manage_areas",
        Capability.ManageUnits => "manage_units",
        Capability.ViewScopedAreas => "view_scoped_areas",
        Capability.IntakeRequests => "intake_requests",
        Capability.ReviewTriage => "review_triage",
        Capability.ImportSurveys => "import_surveys",
        Capability.ManagePartners => "manage_partners",
        Capability.RetrainAnalyzer => "retrain_analyzer",
        Capability.DispatchRequests => "dispatch_requests",
        Capability.HandleRequests => "handle_requests",
        Capability.SuperviseEscalations => "supervise_escalations",
        Capability.ManageProjects => "manage_projects",
        Capability.ApproveProjects => "approve_projects",
        Capability.CoordinateProjects => "coordinate_projects",
        Capability.ClaimProjects => "claim_projects",
        Capability.AdviseProjects => "advise_projects",
        Capability.EvaluateProjects => "evaluate_projects",
        Capability.ViewUnitMetrics => "view_unit_metrics",
        Capability.RunRankings => "run_rankings",
        _ => throw new ArgumentOutOfRangeException(nameof(capability), capability, null),
    };
}
