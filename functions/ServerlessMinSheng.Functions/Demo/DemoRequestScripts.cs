using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Partners;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Triage;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>
/// The demo's requests, through the real code: each arrives by its channel (the resident form, staff
/// entry, or a partner's webhook intake) and is triaged by the analyzer; then its script reviews,
/// dispatches, signs, returns, replies and rates it through <see cref="RequestHandling"/> at its planned
/// times, letting the deadline sweep escalate or close it wherever the plan lets a deadline pass.
/// </summary>
public sealed class DemoRequestScripts(
    DemoClock clock,
    IntakeService intake,
    PartnerIntake partners,
    UnitRegistry registry,
    ScopeAuthorization scopes,
    TriageService triage,
    AnalyzerHost analyzers,
    RequestReview review,
    RequestHandling handling,
    RequestStore requests,
    DeploymentTime deploymentTime,
    DemoSurveyImport survey)
{
    /// <summary>Stores and triages every request, in arrival order within each month (topic clusters grow in arrival order), a few side by side; then imports the year-end survey.</summary>
    public async Task IntakeAsync(IReadOnlyList<DemoRequestPlan> plans, DemoWorld world, DateTimeOffset end, int parallelism, CancellationToken cancellationToken)
    {
        // The analyzer saves its topic clusters when 30 s have passed since it last did: on the demo's clock,
        // which jumps hours between requests, that would be at nearly every triage. Built at the demo's end
        // time, it waits until the seeding is over; the clusters are saved once, below.
        await Task.Run(async () =>
        {
            clock.BeginFlow(end);
            await analyzers.GetAsync(cancellationToken);
        }, cancellationToken);
        // Oldest first within each month, the months taken in turn: the needs map counts each month in turn
        // (one writer per month partition), so side-by-side triages of different months do not queue.
        var interleaved = plans.GroupBy(p => (p.ReceivedAt.Year, p.ReceivedAt.Month))
            .SelectMany(month => month.OrderBy(p => p.ReceivedAt).Select((plan, i) => (plan, i)))
            .OrderBy(x => x.i).ThenBy(x => x.plan.ReceivedAt).Select(x => x.plan);
        await Parallel.ForEachAsync(interleaved, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (plan, token) =>
        {
            var flow = clock.BeginFlow(plan.ReceivedAt.AddMinutes(plan.Channel == Channel.Partner ? 3 : 0));
            plan.Code = await StoreAsync(plan, world, token);
            flow.Set(flow.Current.AddMinutes(1.5));
            await triage.TriageAsync(TrackingCode.Bucket(plan.Code), [plan.Code], token);
            if (plan.Fate == DemoRequestFate.Merged)
            {
                // Reviewed as important and representative (A) before its project is proposed from it.
                flow.Set(plan.ReviewAt);
                var triaged = (await requests.FindAsync(plan.Code, token))!;
                await review.ApplyAsync(plan.Code, triaged.Theme!, triaged.Department!, "A", null, plan.Community.StaffUser, token);
            }
        });

        // 青禾街道's year-end survey, uploaded four days ago at 9:30 (local) by its staff and triaged as it is imported.
        await world.Ready;
        var uploadDay = deploymentTime.Local(end.AddDays(-4));
        await survey.RunAsync(world, uploadDay.AddHours(9.5 - uploadDay.TimeOfDay.TotalHours), cancellationToken);
        await analyzers.CheckpointAsync(force: true, cancellationToken);
    }

    /// <summary>The handling script of one request, or null when its story ends at triage (or, merged into a project, at review).</summary>
    public Func<DemoAgent, Task>? ScriptFor(DemoRequestPlan plan, DemoWorld world, DateTimeOffset end, CancellationToken cancellationToken) => plan.Fate switch
    {
        DemoRequestFate.AwaitingReview or DemoRequestFate.Merged => null,
        _ => agent => RunAsync(agent, plan, world, end, cancellationToken),
    };

    private async Task<string> StoreAsync(DemoRequestPlan plan, DemoWorld world, CancellationToken cancellationToken)
    {
        var communityId = world.Communities[plan.Community.Key].Id;
        var key = $"demo-{plan.Number}";
        if (plan.Channel == Channel.Partner)
        {
            var reference = $"{plan.PartnerId}-{plan.ReceivedAt:yyyyMMdd}-{plan.Number:D4}";
            var item = new PartnerRequestInput(reference, plan.Title, plan.Description, communityId, null, plan.Address, plan.Phone, plan.IsPublic, plan.ReceivedAt);
            var result = (await partners.SubmitAsync(plan.PartnerId!, [item], cancellationToken))[0];
            return result.TrackingCode ?? throw new InvalidOperationException($"Demo request {plan.Number} was refused by partner intake: {string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? [])}");
        }

        var input = new RequestInput(plan.Title, plan.Description, communityId, plan.Address, plan.Phone, plan.IsPublic, key, null, plan.Channel.Name());
        var stored = plan.Channel == Channel.Web
            ? (await IntakeEndpoints.SubmitRequest(input, intake, registry, clock, cancellationToken)).Result
            : (await IntakeEndpoints.EnterRequest(input, world.StaffOf(plan.Community).User!, scopes, intake, registry, clock, cancellationToken)).Result;
        return stored is Accepted<SubmittedRequest> { Value: { } accepted }
            ? accepted.TrackingCode
            : throw new InvalidOperationException($"Demo request {plan.Number} was refused by intake: {stored}");
    }

    private async Task RunAsync(DemoAgent agent, DemoRequestPlan plan, DemoWorld world, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var community = world.StaffOf(plan.Community);
        agent.At(plan.ReviewAt);
        var request = (await requests.FindAsync(plan.Code!, cancellationToken))!;
        await review.ApplyAsync(request.Code, plan.Kind?.Theme ?? request.Theme!, plan.Kind?.Department ?? request.Department!, plan.Grade, plan.DuplicateOf?.Code, community.Id, cancellationToken);
        if (plan.Fate == DemoRequestFate.Duplicate)
        {
            await StepAsync(agent, request, plan.DispatchAt, RequestLifecycle.CloseDuplicate, community, new HandlingInput(Of: plan.DuplicateOf!.Code), cancellationToken);
            return;
        }

        if (plan.Fate == DemoRequestFate.AwaitingDispatch)
        {
            return;
        }

        var handler = world.Handler(plan.Handler, plan.Community);
        if (plan.WrongHandler is { } wrongKey)
        {
            var wrong = world.Handler(wrongKey, plan.Community);
            request = await StepAsync(agent, request, plan.DispatchAt, RequestLifecycle.Dispatch, Dispatcher(wrong.Kind, plan, world), Dispatch(wrong.Kind, wrong.Unit), cancellationToken);
            var reason = DemoRequestTexts.ReturnReasons[plan.Number % DemoRequestTexts.ReturnReasons.Length];
            request = await StepAsync(agent, request, plan.ReturnAt, RequestLifecycle.Return, wrong.Staff, new HandlingInput(Reason: reason), cancellationToken);
            if (plan.Fate == DemoRequestFate.Returned)
            {
                return;
            }

            request = await StepAsync(agent, request, plan.RedispatchAt, RequestLifecycle.Dispatch, world.StaffOf(DemoPlaces.TownOf(plan.Community)), Dispatch(handler.Kind, handler.Unit), cancellationToken);
        }
        else
        {
            request = await StepAsync(agent, request, plan.DispatchAt, RequestLifecycle.Dispatch, Dispatcher(handler.Kind, plan, world), Dispatch(handler.Kind, handler.Unit), cancellationToken);
        }

        if (plan.Fate is DemoRequestFate.AwaitingSign or DemoRequestFate.SignEscalated1 or DemoRequestFate.SignEscalated2)
        {
            await AdvanceAsync(agent, request, end, cancellationToken);
            return;
        }

        request = await StepAsync(agent, request, plan.SignAt, RequestLifecycle.Sign, handler.Staff, new HandlingInput(), cancellationToken);
        if (plan.Fate is DemoRequestFate.InProgress or DemoRequestFate.ReplyEscalated)
        {
            await AdvanceAsync(agent, request, end, cancellationToken);
            return;
        }

        var text = (plan.Outcome == "resolved" ? plan.Kind!.Reply : plan.Kind!.Pending).Replace("{community}", plan.Community.Name, StringComparison.Ordinal).Replace("{spot}", plan.Community.Spots[0], StringComparison.Ordinal);
        request = await StepAsync(agent, request, plan.ReplyAt, RequestLifecycle.Reply, handler.Staff, new HandlingInput(Outcome: plan.Outcome, Text: text), cancellationToken);
        if (plan.Fate is DemoRequestFate.AwaitingRating or DemoRequestFate.Unrated)
        {
            await AdvanceAsync(agent, request, end, cancellationToken);
            return;
        }

        await StepAsync(agent, request, plan.RateAt, RequestLifecycle.Rate, Actor.Resident, new HandlingInput(Resolved: plan.Resolved, Satisfaction: plan.Satisfaction, Comment: plan.Comment), cancellationToken);
    }

    private async Task<ResidentRequest> StepAsync(DemoAgent agent, ResidentRequest request, DateTimeOffset at, string action, Actor actor, HandlingInput input, CancellationToken cancellationToken)
    {
        await AdvanceAsync(agent, request, at, cancellationToken);
        return await handling.ApplyAsync(request.Code, action, actor, input, cancellationToken);
    }

    /// <summary>
    /// Moves the script to <paramref name="at"/>, first letting the sweep fire each deadline of the request that
    /// falls due on the way (the request as the script last saw it knows its next deadline; a sweep may set another).
    /// </summary>
    private async Task AdvanceAsync(DemoAgent agent, ResidentRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        while (request.DueAt is { } due && due > agent.Shared && due <= at)
        {
            await agent.SweptAsync(due);
            request = (await requests.FindAsync(request.Code, cancellationToken))!;
        }

        agent.At(at);
    }

    private static HandlingInput Dispatch(string kind, Unit unit) => new(UnitKind: kind, UnitId: unit.Id, Urgency: "normal");

    /// <summary>A community dispatches to itself; anything for the town or a department goes through the town.</summary>
    private static Actor Dispatcher(string kind, DemoRequestPlan plan, DemoWorld world) =>
        kind == "community" ? world.StaffOf(plan.Community) : world.StaffOf(DemoPlaces.TownOf(plan.Community));
}
