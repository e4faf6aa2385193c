using System.Text;
using ServerlessMinSheng.TraceViewer;

namespace ServerlessMinSheng.Functions.Tests.Telemetry;

/// <summary>Settings that point an app at a test's OTLP receiver, with export intervals short enough to wait for.</summary>
internal static class TelemetryTestSettings
{
    public static Dictionary<string, string> Exporting(OtlpReceiver receiver, IReadOnlyDictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>(more ?? TestApp.FastRuntime)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["Logging:LogLevel:Default"] = "Information", // So the app's own logs are exported too, and searched.
        };
        return settings;
    }

    /// <summary>Whether some payload of this signal holds these UTF-8 bytes (protobuf strings are raw UTF-8).</summary>
    public static bool Holds(this OtlpReceiver receiver, string signal, string text) =>
        receiver.Payloads.Any(p => p.Signal == signal && p.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0);
}
