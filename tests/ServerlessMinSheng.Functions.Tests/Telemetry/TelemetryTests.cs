using System.Text;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServerlessMinSheng.Functions.Tests.Intake;
using ServerlessMinSheng.TraceViewer;

namespace ServerlessMinSheng.Functions.Tests.Telemetry;

public class TelemetryTests
{
    /// <summary>The app's own instruments that a submission and its triage record, and one instrumentation's.</summary>
    private static readonly string[] SubmissionMetrics = ["minsheng.requests.received", "minsheng.triage.lag", "minsheng.queue.depth", "http.server.request.duration"];

    [Fact]
    public async Task ASubmissionItsTriageAndItsProjectionsAreOneTraceAndNoExportHoldsTheResidentsData()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var site = await IntakeTestApp.StartAsync(TelemetryTestSettings.Exporting(receiver));
        using var resident = new ApiClient(site.App.Address);
        var unique = IntakeTestData.Unique();
        const string Phone = "13987654321";
        const string Name = "欧阳娜娜";
        var title = $"井盖松动{unique}";
        var description = $"我是{Name}，住在{unique}号楼，楼前的井盖松动了，请联系我{Phone}";

        var code = await site.SubmitAsync(resident, title, description, phone: "139 8765 4321");
        await site.WaitForTriageAsync(code);

        // Other apps in this test process are traced by this app's provider too: find this request's trace by its code.
        var trace = await Eventually.ReturnsAsync(() => Task.FromResult(TraceOf(receiver.Spans, code)), t => t is not null, $"the trace of {code}");
        var post = Assert.Single(trace!, s => s.Name == "POST /api/requests" && s.Kind == 2);
        var triage = Assert.Single(trace!, s => s.Name == "TriageRequests" && s.Kind == 5);
        Assert.Equal(post.SpanId, AncestorsOf(triage, trace!).Last().SpanId);
        Assert.Equal("triage", triage.Attributes["messaging.destination.name"]);
        Assert.Equal("ServerlessMinSheng", triage.Service);
        Assert.Contains(trace!, s => s.ParentSpanId == triage.SpanId && s.Attributes.GetValueOrDefault("url.full", "").Contains("needsmap", StringComparison.Ordinal));

        await Eventually.TrueAsync(
            () => Task.FromResult(SubmissionMetrics.All(m => receiver.Holds("metrics", m))),
            "the app's metrics to be exported");
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Holds("logs", "Executed {Function}")), "the function runs' logs to be exported");

        foreach (var secret in new[] { Phone, "139 8765 4321", Name, title, description, unique })
        {
            var found = receiver.Payloads.Where(p => p.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0).Select(p => p.Signal).ToList();
            Assert.True(found.Count == 0, $"'{secret}' was exported in {string.Join(", ", found)}");
        }
    }

    [Fact]
    public async Task SettingsFromTheEnvironmentWorkAsWellAsFromConfiguration()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var account = await SharedAzurite.NewAccountAsync();
        var environment = new Dictionary<string, string> { ["AzureWebJobsStorage"] = account.ConnectionString };
        foreach (var (key, value) in TelemetryTestSettings.Exporting(receiver, new Dictionary<string, string>()))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        await using var app = AppProcess.Start(environment);
        await app.WaitUntilListeningAsync();
        using var http = new HttpClient { BaseAddress = app.Address };
        await Eventually.TrueAsync(async () => (await http.GetAsync("/api/health?phone=13987654321")).IsSuccessStatusCode, "the app to be healthy");

        var health = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Spans.FirstOrDefault(s => s.Name == "GET /api/health")), s => s is not null, "the health check's span");
        Assert.Equal("ServerlessMinSheng", health!.Service);
        Assert.False(receiver.Holds("traces", "13987654321"), "the query string was exported");
    }

    [Fact]
    public async Task WithoutAnExporterSettingNothingIsRegistered()
    {
        var account = await SharedAzurite.NewAccountAsync();
        await using var app = await TestApp.StartAsync(account.ConnectionString);

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s.GetType().Namespace!.EndsWith(".Telemetry", StringComparison.Ordinal));
    }

    /// <summary>The spans of the trace whose storage calls name this tracking code.</summary>
    private static List<OtlpSpan>? TraceOf(IReadOnlyList<OtlpSpan> spans, string code)
    {
        var traceIds = spans.Where(s => s.Attributes.GetValueOrDefault("url.full", "").Contains(code, StringComparison.Ordinal)).Select(s => s.TraceId).ToHashSet();
        return spans.Where(s => traceIds.Contains(s.TraceId)).GroupBy(s => s.TraceId).Select(g => g.ToList())
            .FirstOrDefault(g => g.Any(s => s.Name == "POST /api/requests") && g.Any(s => s.Name == "TriageRequests"));
    }

    private static IEnumerable<OtlpSpan> AncestorsOf(OtlpSpan span, List<OtlpSpan> trace)
    {
        for (var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null; parent = trace.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            yield return parent;
        }
    }
}
