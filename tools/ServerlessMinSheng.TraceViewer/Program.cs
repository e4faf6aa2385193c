using System.Collections.Concurrent;
using System.Globalization;
using ServerlessMinSheng.TraceViewer;

// Usage: dotnet run --project tools/ServerlessMinSheng.TraceViewer [-- --port 4318 --quiet 2 --match TEXT]
// Receives OTLP/HTTP protobuf on 127.0.0.1:PORT and prints each trace as a tree once no span of it has arrived for
// QUIET seconds; with --match, only traces with a span whose name contains TEXT (e.g. "POST /api/requests" leaves
// out the sweeps' runs every minute). A trace that grows later (a deadline firing after its step) is printed again.
var port = Option("--port", 4318);
var quiet = TimeSpan.FromSeconds(Option("--quiet", 2));
var match = Array.IndexOf(args, "--match") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null;

var traces = new ConcurrentDictionary<string, (List<OtlpSpan> Spans, DateTime LastSeen, bool Printed)>(StringComparer.Ordinal);
await using var receiver = await OtlpReceiver.StartAsync(port);
receiver.SpansReceived += spans =>
{
    foreach (var group in spans.GroupBy(s => s.TraceId))
    {
        traces.AddOrUpdate(group.Key, _ => ([.. group], DateTime.UtcNow, false), (_, t) => ([.. t.Spans, .. group], DateTime.UtcNow, false));
    }
};

Console.WriteLine($"Listening for OTLP/HTTP on {receiver.Endpoint} — point the app at it with:");
Console.WriteLine($"  OTEL_EXPORTER_OTLP_ENDPOINT={receiver.Endpoint.ToString().TrimEnd('/')} OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf ./run.sh");
Console.WriteLine("Ctrl-C stops.");

using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
try
{
    while (await tick.WaitForNextTickAsync(receiver.Stopping))
    {
        foreach (var (id, trace) in traces)
        {
            if (!trace.Printed && DateTime.UtcNow - trace.LastSeen >= quiet && traces.TryUpdate(id, trace with { Printed = true }, trace))
            {
                if (match is null || trace.Spans.Any(s => s.Name.Contains(match, StringComparison.Ordinal)))
                {
                    Console.WriteLine(SpanTree.Render(trace.Spans));
                }
            }
        }
    }
}
catch (OperationCanceledException)
{
    // Ctrl-C or SIGTERM.
}

return 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
