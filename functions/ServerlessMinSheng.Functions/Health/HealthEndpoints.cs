using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ServerlessMinSheng.Functions.Health;

public sealed record HealthReport(string Status, string Version, DateTimeOffset CheckedAt, IReadOnlyDictionary<string, ServiceHealth> Storage);

public static class HealthEndpoints
{
    public static readonly string Version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StorageProbe>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetHealth).WithName(nameof(GetHealth)).AllowAnonymous();
        return app;
    }

    /// <summary>200 with the version and each storage service's status; 503 ProblemDetails naming what is unreachable.</summary>
    public static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> GetHealth(StorageProbe probe, TimeProvider time, CancellationToken cancellationToken)
    {
        var storage = await probe.CheckAsync(cancellationToken);
        if (storage.Values.All(s => s.IsOk))
        {
            return TypedResults.Ok(new HealthReport(StorageProbe.Ok, Version, time.GetUtcNow(), storage));
        }

        var down = storage.Where(s => !s.Value.IsOk).Select(s => s.Key).ToList();
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Storage is unavailable",
            Detail = $"{string.Join(" and ", down)} storage did not answer.",
            Extensions =
            {
                ["version"] = Version,
                ["checkedAt"] = time.GetUtcNow(),
                ["storage"] = storage,
            },
        };
        return TypedResults.Problem(problem);
    }
}
