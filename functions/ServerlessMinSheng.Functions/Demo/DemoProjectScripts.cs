using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Projects;
using ServerlessMinSheng.Functions.Registry;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>
/// The demo's micro-projects, each played through <see cref="ProjectService"/> (and the resident and
/// adviser endpoints for supports, scores and notes) from its proposal — which merges its residents'
/// requests — up to the state its <see cref="DemoProjectFate"/> names. Steps follow at fixed offsets
/// from the proposal; unclaimed windows, late milestones, missing reports and evaluation windows are
/// left to the deadline sweep.
/// </summary>
public sealed class DemoProjectScripts(ProjectService projects, RequestStore requests, UnitRegistry registry, DemoClock clock)
{
    private static readonly DemoClaim FundedExecutor = new("zhiyuan", "service", 30, "政府资金兜底后，由志愿者协会组织施工队伍实施改造");

    private ProjectService Projects => projects;

    private RequestStore Requests => requests;

    private UnitRegistry Registry => registry;

    private DemoClock Clock => clock;

    public Func<DemoAgent, Task> ScriptFor(DemoProject spec, IReadOnlyList<DemoRequestPlan> plans, DemoWorld world, DateTimeOffset end, CancellationToken cancellationToken) =>
        agent => new Run(this, agent, spec, plans, world, end, cancellationToken).PlayAsync();

    public static string BatchName(DateTimeOffset publishedAt, int batch) =>
        $"{publishedAt.ToOffset(TimeSpan.FromHours(8)).Year}年第{"一二三四"[batch - 1]}批民心微实事";

    /// <summary>One project's story.</summary>
    private sealed class Run(DemoProjectScripts owner, DemoAgent agent, DemoProject spec, IReadOnlyList<DemoRequestPlan> plans, DemoWorld world, DateTimeOffset end, CancellationToken cancellationToken)
    {
        private readonly DemoTown _town = DemoPlaces.Towns.First(t => t.Key == spec.Town);
        private string _id = string.Empty;

        private Actor Staff => world.StaffOf(_town);

        private Actor Coordinator => world.Staff[DemoPlaces.Coordinators[_town == DemoPlaces.Towns[0] ? 0 : 1].User];

        private DemoProjectFate Fate => spec.Fate;

        public async Task PlayAsync()
        {
            agent.At(Day(0));
            var linked = plans.Where(p => p.Project == spec.Key).Select(p => p.Code!).ToList();
            var communityIds = spec.Communities.Select(c => world.Communities[c].Id).ToList();
            var (project, _) = await owner.Projects.ProposeAsync(new ProposalInput(spec.Title, spec.Description, spec.Theme, communityIds, spec.Budget, linked, $"demo-{spec.Key}"), Staff, cancellationToken);
            _id = project.Id;
            agent.At(Day(0.4));
            var adviser = world.Staff[DemoPlaces.Departments.First(d => d.Key == spec.Adviser).StaffUser];
            Check(await ProjectEndpoints.AddFeasibilityNote(_id, new NoteInput(Fate != DemoProjectFate.Rejected, spec.Advice), adviser.User!, owner.Projects, owner.Registry, owner.Clock, cancellationToken));
            if (Fate == DemoProjectFate.Proposed)
            {
                return;
            }

            await StepAsync(Day(1), ProjectLifecycle.OpenDeliberation, Staff, new ProjectInput());
            // Residents support with the code of a request they made before: early on, fewer have one.
            var ballots = Ballots(linked, Day(1.5));
            for (var i = 0; i < Math.Min(spec.Supports, ballots.Count); i++)
            {
                await AdvanceAsync(Min(Day(1.5 + (0.28 * i)), end.AddHours(-1)));
                Check(await ProjectEndpoints.SupportProject(_id, new SupportInput(ballots[i]), owner.Projects, owner.Requests, owner.Registry, owner.Clock, cancellationToken));
            }

            if (Fate == DemoProjectFate.Deliberating)
            {
                return;
            }

            if (Fate == DemoProjectFate.Rejected)
            {
                await StepAsync(Day(7), ProjectLifecycle.Reject, world.Admin, new ProjectInput(Reason: spec.Reason));
                return;
            }

            await StepAsync(Day(7), ProjectLifecycle.Approve, world.Admin, new ProjectInput(Reason: "经居民议事协商和部门论证，同意实施"));
            if (Fate == DemoProjectFate.Approved)
            {
                return;
            }

            await StepAsync(Day(9), ProjectLifecycle.Publish, world.Admin, new ProjectInput(Batch: BatchName(Day(9), spec.Batch)));
            await StepAsync(Day(9.05), ProjectLifecycle.AssignCoordinator, world.Admin, new ProjectInput(Coordinator: Coordinator.Id));
            if (Fate == DemoProjectFate.Published)
            {
                return;
            }

            if (Fate == DemoProjectFate.Unclaimed)
            {
                await AdvanceAsync(end); // The claim window closes unclaimed: the coordinator is told.
                return;
            }

            if (Fate == DemoProjectFate.Cancelled)
            {
                await ClaimAsync(spec.Claims[0], Day(10.5));
                await StepAsync(Day(12), ProjectLifecycle.Cancel, Coordinator, new ProjectInput(Reason: spec.Reason));
                return;
            }

            var lead = await ClaimsAsync();
            if (Fate == DemoProjectFate.Claimed)
            {
                return;
            }

            await ExecuteAsync(lead);
        }

        /// <summary>Claims and their confirmation; for a project nobody claims, the window passes and the government funds it. Returns the lead unit's staff.</summary>
        private async Task<Actor> ClaimsAsync()
        {
            if (Fate == DemoProjectFate.GovernmentFunded)
            {
                await AdvanceAsync(Day(24.5));
                await StepAsync(Day(24.5), ProjectLifecycle.FundByGovernment, Coordinator, new ProjectInput(Reason: "认领期满无社会单位认领，经协调由政府资金兜底实施"));
                await ClaimAsync(FundedExecutor, Day(25));
                await StepAsync(Day(25.2), ProjectLifecycle.ConfirmClaim, Coordinator, new ProjectInput(ClaimId: world.SocialUnits[FundedExecutor.Unit].Id, Lead: true));
                return UnitStaff(FundedExecutor.Unit);
            }

            for (var i = 0; i < spec.Claims.Length; i++)
            {
                await ClaimAsync(spec.Claims[i], Day(10.5 + i));
            }

            for (var i = 0; i < spec.Claims.Length; i++)
            {
                await StepAsync(Day(12 + (0.3 * i)), ProjectLifecycle.ConfirmClaim, Coordinator, new ProjectInput(ClaimId: world.SocialUnits[spec.Claims[i].Unit].Id, Lead: i == 0));
            }

            return UnitStaff(spec.Claims[0].Unit);
        }

        private async Task ExecuteAsync(Actor lead)
        {
            var start = Day(Fate == DemoProjectFate.GovernmentFunded ? 26 : 14);
            var milestones = spec.Milestones.Select(m => new MilestoneInput(m.Title, m.Owner, start.AddDays(m.DueDays))).ToList();
            await StepAsync(start, ProjectLifecycle.StartExecution, Coordinator, new ProjectInput(Milestones: milestones));
            var done = new HashSet<int>();
            var percent = 0;
            var last = Fate switch
            {
                DemoProjectFate.Suspended => start.AddDays(12),
                DemoProjectFate.GovernmentFunded => start.AddDays(12),
                _ => Min(start.AddDays(spec.ExecutionDays - 0.5), end.AddHours(-2)),
            };
            for (var k = 1; start.AddDays(6 * k) <= last && start.AddDays(6 * k) < start.AddDays(spec.ExecutionDays - 0.5); k++)
            {
                var at = start.AddDays(6 * k);
                var finishing = Enumerable.Range(1, milestones.Count)
                    .Where(n => !done.Contains(n) && milestones[n - 1].DueAt <= at.AddDays(6) && !(Fate == DemoProjectFate.LateMilestone && n == 2))
                    .ToList();
                done.UnionWith(finishing);
                percent = Math.Max(percent, Math.Min(95, (int)Math.Round(100 * 6 * k / spec.ExecutionDays)));
                await StepAsync(at, ProjectLifecycle.Report, lead, new ProjectInput(Percent: percent, Text: DemoProjectTexts.Reports[(k - 1) % DemoProjectTexts.Reports.Length], MilestonesDone: finishing));
            }

            if (Fate == DemoProjectFate.Suspended)
            {
                await StepAsync(start.AddDays(15), ProjectLifecycle.Suspend, world.Admin, new ProjectInput(Reason: spec.Reason));
                return;
            }

            if (Fate is DemoProjectFate.Executing or DemoProjectFate.LateMilestone or DemoProjectFate.GovernmentFunded)
            {
                await AdvanceAsync(end); // A late milestone or a missing report escalates on the way.
                return;
            }

            var finish = start.AddDays(spec.ExecutionDays);
            var remaining = Enumerable.Range(1, milestones.Count).Where(n => !done.Contains(n)).ToList();
            await StepAsync(finish.AddHours(-12), ProjectLifecycle.Report, lead, new ProjectInput(Percent: 100, Text: "全部工程完成，正在整理验收资料。", MilestonesDone: remaining));
            await StepAsync(finish, ProjectLifecycle.Complete, lead, new ProjectInput(Text: spec.Evidence));
            if (Fate == DemoProjectFate.Completed)
            {
                return;
            }

            await StepAsync(finish.AddDays(3), ProjectLifecycle.WriteOff, Staff, new ProjectInput(Text: "现场核验合格，资料齐全，同意销账。"));
            if (Fate == DemoProjectFate.WrittenOff)
            {
                return;
            }

            await EvaluateAsync(finish.AddDays(4));
        }

        private async Task EvaluateAsync(DateTimeOffset opened)
        {
            await StepAsync(opened, ProjectLifecycle.OpenEvaluation, Staff, new ProjectInput());
            var ballots = Ballots(plans.Where(p => p.Project == spec.Key).Select(p => p.Code!).ToList(), opened);
            var scores = spec.Scores ?? [];
            for (var i = 0; i < scores.Length; i++)
            {
                await AdvanceAsync(Min(opened.AddDays(0.5 + (1.1 * i)), end.AddHours(-1)));
                var comment = scores[i] >= 4 ? "项目实实在在，居民很受益。" : "效果一般，希望以后多听听居民意见。";
                Check(await ProjectEndpoints.ScoreProject(_id, new ScoreInput(ballots[i], scores[i], scores[i] >= 4, comment), owner.Projects, owner.Requests, owner.Registry, owner.Clock, cancellationToken));
                if (i == 1)
                {
                    var observer = world.Staff[DemoPlaces.Observer.User];
                    Check(await ProjectEndpoints.AddObserverEvaluation(_id, new NoteInput(scores.Average() >= 4, scores.Average() >= 4 ? "现场察看，工程质量良好，居民反映积极。" : "设施使用率不高，日常管理需要加强。"), observer.User!, owner.Projects, owner.Registry, owner.Clock, cancellationToken));
                }
            }

            if (Fate == DemoProjectFate.Renewed)
            {
                await StepAsync(opened.AddDays(11), ProjectLifecycle.Close, Staff, new ProjectInput());
            }
            else if (Fate == DemoProjectFate.Retired)
            {
                await AdvanceAsync(opened.AddDays(14.2)); // Nobody closes it: the evaluation window does.
            }
        }

        private Task ClaimAsync(DemoClaim claim, DateTimeOffset at) =>
            StepAsync(at, ProjectLifecycle.Claim, UnitStaff(claim.Unit), new ProjectInput(PledgeKind: claim.PledgeKind, PledgeAmount: claim.Amount, Text: claim.Text));

        private async Task StepAsync(DateTimeOffset at, string action, Actor actor, ProjectInput input)
        {
            await AdvanceAsync(at);
            await owner.Projects.ApplyAsync(_id, action, actor, input, cancellationToken);
        }

        /// <summary>Moves the script to <paramref name="at"/>, letting the sweep fire each of the project's deadlines that falls due on the way.</summary>
        private async Task AdvanceAsync(DateTimeOffset at)
        {
            while (await DemoDeadlines.NextAsync(owner.Projects, _id, cancellationToken) is { } due && due > agent.Shared && due <= at)
            {
                await agent.SweptAsync(due);
            }

            agent.At(at);
        }

        /// <summary>Tracking codes residents of the project's communities could support or score with at a time: its own requests first.</summary>
        private List<string> Ballots(IReadOnlyList<string> linked, DateTimeOffset before) =>
            [.. linked, .. plans.Where(p => spec.Communities.Contains(p.Community.Key) && p.Code is not null && !linked.Contains(p.Code) && p.ReceivedAt < before).OrderBy(p => (p.Number * 7919) % 997).Select(p => p.Code!)];

        private Actor UnitStaff(string unit) => world.Staff[DemoPlaces.SocialUnits.First(s => s.Key == unit).StaffUser];

        private DateTimeOffset Day(double offset) => end.AddDays(spec.ProposeDay + offset);

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        private static void Check(Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult> result) => DemoResults.Check(result.Result);
    }
}
