using Microsoft.AspNetCore.Http.Json;

namespace ServerlessMinSheng.Functions.Security;

public static class ApiConventions
{
    /// <summary>ProblemDetails for every error, bad bodies reported (not silently 400), JSON in camelCase.</summary>
    public static WebApplicationBuilder AddApiConventions(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiProblems>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNameCaseInsensitive = true);
        return builder;
    }

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
