using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Intake;

/// <summary>民有所呼: the resident form, its tracking page's data, and staff entry of requests taken in person.</summary>
public static class IntakeEndpoints
{
    public const string SubmitRateLimit = "submit";

    public static IEndpointRouteBuilder MapIntake(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/requests", SubmitRequest).WithName(nameof(SubmitRequest)).AllowAnonymous().RequireRateLimiting(SubmitRateLimit);
        app.MapGet("/api/requests/{code}", GetRequest).WithName(nameof(GetRequest)).AllowAnonymous();
        app.MapPost("/api/staff/requests", EnterRequest).WithName(nameof(EnterRequest)).RequireCapability(Capability.IntakeRequests);
        return app;
    }

    /// <summary>
    /// Stores the request and queues its triage, then answers 202 with the tracking code. A filled-in
    /// honeypot field gets the same answer and nothing is stored; the same idempotency key twice gets
    /// the same code.
    /// </summary>
    public static async Task<Results<Accepted<SubmittedRequest>, ValidationProblem>> SubmitRequest(
        RequestInput input, IntakeService intake, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(input.Website))
        {
            var decoy = TrackingCode.New(TrackingCode.NewBucket());
            return TypedResults.Accepted($"/track/{decoy}", Submitted(decoy));
        }

        return await StoreAsync(input, Channel.Web, enteredBy: null, intake, registry, time, cancellationToken);
    }

    public static async Task<Results<Accepted<SubmittedRequest>, ValidationProblem, ProblemHttpResult>> EnterRequest(
        RequestInput input, ClaimsPrincipal user, ScopeAuthorization scope, IntakeService intake, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        Channel? channel = input.Channel switch { "phone" => Channel.Phone, "visit" => Channel.Visit, "meeting" => Channel.Meeting, _ => null };
        if (channel is null)
        {
            return new Validation().Add("channel", "请选择受理渠道（电话、走访或居民议事会）").ToProblem();
        }

        if (!string.IsNullOrEmpty(input.CommunityId) && await registry.FindAsync(UnitKind.Community, input.CommunityId, cancellationToken) is not null
            && !await scope.CanAccessCommunityAsync(user, input.CommunityId, cancellationToken))
        {
            return Problems.Of(403, "out_of_scope", "只能代录本辖区的诉求");
        }

        return await StoreAsync(input, channel.Value, StaffSession.From(user)?.Username, intake, registry, time, cancellationToken) switch
        {
            { Result: Accepted<SubmittedRequest> accepted } => accepted,
            { Result: ValidationProblem problem } => problem,
            var other => throw new InvalidOperationException($"Unexpected result {other.Result}"),
        };
    }

    public static async Task<Results<Ok<PublicRequestView>, ProblemHttpResult>> GetRequest(
        string code, RequestStore requests, UnitRegistry registry, Handling.RequestHandling handling, Projects.ProjectService projects, Notifications.NotificationOutbox outbox, CancellationToken cancellationToken)
    {
        if (!TrackingCode.TryNormalize(code, out var normalized))
        {
            return Problems.Of(400, "invalid_tracking_code", "查询码有误，请核对", "The code's check character does not match; a character is probably mistyped.");
        }

        var request = await requests.FindAsync(normalized, cancellationToken);
        if (request is null)
        {
            return Problems.Of(404, "not_found", "没有找到这个查询码对应的诉求");
        }

        return TypedResults.Ok(await Handling.HandlingEndpoints.PublicViewAsync(request, handling, registry, projects, outbox, cancellationToken));
    }

    private static async Task<Results<Accepted<SubmittedRequest>, ValidationProblem>> StoreAsync(
        RequestInput input, Channel channel, string? enteredBy, IntakeService intake, UnitRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var (title, description, address, phone) = IntakeRules.Check(validation, input.Title, input.Description, input.Address, input.Phone);
        var community = string.IsNullOrEmpty(input.CommunityId) ? null : await registry.FindAsync(UnitKind.Community, input.CommunityId, cancellationToken);
        if (community is null)
        {
            validation.Add("communityId", "请选择所在社区");
        }

        if (input.IdempotencyKey is { Length: > 64 })
        {
            validation.Add("idempotencyKey", "idempotencyKey is at most 64 characters.");
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        // Without a key every submission is new; with one, the same key (a double tap) is the same request.
        var key = $"{channel.Name()}|{enteredBy}|{(string.IsNullOrEmpty(input.IdempotencyKey) ? Guid.NewGuid().ToString("N") : input.IdempotencyKey)}";
        var request = new NewRequest(channel, title, description, community!.Id, address, phone, input.IsPublic ?? false, time.GetUtcNow(), EnteredBy: enteredBy);
        var outcome = (await intake.SubmitAsync(TrackingCode.BucketFor(key), [new IntakeItem(key, request, community.ParentId ?? string.Empty)], IntakeService.HashedCodes, cancellationToken))[0];
        return TypedResults.Accepted($"/track/{outcome.Code}", Submitted(outcome.Code));
    }

    private static SubmittedRequest Submitted(string code) => new(code, TrackingCode.Display(code), $"/track/{code}", "received");
}
