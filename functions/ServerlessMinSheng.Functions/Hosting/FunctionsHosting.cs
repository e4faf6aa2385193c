using Microsoft.Extensions.DependencyInjection.Extensions;
using ServerlessMinSheng.Functions.Hosting.LocalRuntime;

namespace ServerlessMinSheng.Functions.Hosting;

public static class FunctionsHosting
{
    /// <summary>
    /// The function catalog, invoker and trigger plumbing. Under the Functions host (FUNCTIONS_CUSTOMHANDLER_PORT
    /// set) the app listens on that port and the built-in runtime stays off; otherwise the runtime drives
    /// queue and timer functions itself.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        var port = builder.Configuration[FunctionsHostOptions.CustomHandlerPortVariable];
        if (!string.IsNullOrEmpty(port))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        var hostJson = HostJson.Find();
        builder.Services.AddOptions<FunctionsHostOptions>()
            .Configure(o => HostJson.ApplyQueueSettings(o.LocalRuntime, hostJson))
            .Bind(builder.Configuration.GetSection(FunctionsHostOptions.Section))
            .PostConfigure(o => o.Mode = string.IsNullOrEmpty(port) ? o.Mode : FunctionsHostMode.CustomHandler)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Functions:TimeZone is not a known time zone id (for example Asia/Shanghai).")
            .Validate(o => o.LocalRuntime.BatchSize is >= 1 and <= 64, "Functions:LocalRuntime:BatchSize must be 1–64.")
            .Validate(o => o.LocalRuntime.MaxDequeueCount >= 1, "Functions:LocalRuntime:MaxDequeueCount must be at least 1.")
            .Validate(o => o.LocalRuntime.VisibilityTimeout >= TimeSpan.FromSeconds(2), "Functions:LocalRuntime:VisibilityTimeout must be at least 2 s.")
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FunctionCatalog>();
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddSingleton<QueueSignal>();
        builder.Services.AddSingleton<TriggerQueues>();
        builder.Services.AddSingleton<TimerStatusStore>();
        builder.Services.AddHostedService<FunctionCatalogCheck>();
        builder.Services.AddHostedService<LocalTriggerRuntime>();
        return builder;
    }

    public static bool IsCustomHandler(this IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[FunctionsHostOptions.CustomHandlerPortVariable])
        || string.Equals(configuration[$"{FunctionsHostOptions.Section}:{nameof(FunctionsHostOptions.Mode)}"], nameof(FunctionsHostMode.CustomHandler), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Lets the catalog see the app's endpoints (every /api endpoint is an HTTP function) and maps the
    /// custom-handler invocation endpoints, only when the Functions host drives the app.
    /// </summary>
    public static WebApplication MapFunctionsHosting(this WebApplication app)
    {
        app.Services.GetRequiredService<FunctionCatalog>().AttachEndpoints(((IEndpointRouteBuilder)app).DataSources);
        if (app.Configuration.IsCustomHandler())
        {
            app.MapCustomHandlerInvocations();
        }

        return app;
    }
}
