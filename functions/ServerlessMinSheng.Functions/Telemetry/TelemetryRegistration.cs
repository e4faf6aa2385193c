using System.Reflection;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServerlessMinSheng.Functions.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>The standard OTLP setting; the exporter itself reads it and its companions (OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS, …).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard Application Insights setting (an app setting of the Function App in infra/main.bicep).</summary>
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry, exported to Azure Monitor when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is.
    /// Both are read from configuration (environment, app settings, command line), and so are the exporters' own
    /// OTEL_* settings. With neither set nothing is registered: no listener, no exporter, no sampling of queues.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var azureMonitor = builder.Configuration[AzureMonitorSetting] is { Length: > 0 } connectionString ? connectionString : null;
        if (!otlp && azureMonitor is null)
        {
            return builder;
        }

        var version = typeof(AppTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(AppTelemetry.Name, serviceVersion: version))
            .WithTracing(tracing =>
            {
                tracing.AddSource(AppTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => context.Request.Path.StartsWithSegments("/api")) // Not pages, nor the host's invocations: the function's own span covers those.
                    .AddHttpClientInstrumentation()
                    .AddProcessor(new PersonalDataRedaction()); // Before the exporters' processors, so they export redacted spans.
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (azureMonitor is not null)
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
                }

                tracing.SetSampler(new EntryPointSampler()); // Last: it replaces the Azure Monitor exporter's rate limit, which would cut traces apart.
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AppTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (azureMonitor is not null)
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor);
                }
            })
            .WithLogging(logging =>
            {
                if (otlp)
                {
                    logging.AddOtlpExporter();
                }

                if (azureMonitor is not null)
                {
                    logging.AddAzureMonitorLogExporter(o => o.ConnectionString = azureMonitor);
                }
            });

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = false; // ASP.NET Core's scopes hold the request path with its query string.
        });

        // Request and HttpClient logs name full URLs; only their warnings and errors are exported, whatever the console shows.
        builder.Logging.AddFilter<OpenTelemetryLoggerProvider>("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter<OpenTelemetryLoggerProvider>("System.Net.Http", LogLevel.Warning);
        builder.Services.AddHostedService<QueueDepthSampler>();
        return builder;
    }
}
