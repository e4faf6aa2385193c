using System.Globalization;
using System.Text;

namespace ServerlessMinSheng.TraceViewer;

/// <summary>Writes one trace as an indented tree: each span under its parent, siblings by start time.</summary>
internal static class SpanTree
{
    /// <summary>The attributes worth a glance in a tree; the rest are in the exporter's payload.</summary>
    private static readonly string[] Shown =
    [
        "http.response.status_code", "url.full", "messaging.destination.name", "minsheng.dequeue_count", "minsheng.lifecycle", "faas.trigger", "error.type",
    ];

    public static string Render(IReadOnlyCollection<OtlpSpan> trace)
    {
        var ids = trace.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = trace.ToLookup(s => ids.Contains(s.ParentSpanId) ? s.ParentSpanId : string.Empty, StringComparer.Ordinal);
        var start = trace.Min(s => s.StartUnixNano);
        var end = trace.Max(s => s.EndUnixNano);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"trace {trace.First().TraceId}  {trace.Count} spans, {(end - start) / 1e6:0.0} ms").AppendLine();
        Write(text, children, string.Empty, 1, start);
        return text.ToString();
    }

    private static void Write(StringBuilder text, ILookup<string, OtlpSpan> children, string parent, int depth, ulong traceStart)
    {
        foreach (var span in children[parent].OrderBy(s => s.StartUnixNano))
        {
            var kind = span.Kind < OtlpSpan.KindNames.Length ? OtlpSpan.KindNames[span.Kind] : span.Kind.ToString(CultureInfo.InvariantCulture);
            var details = string.Join("  ", Shown.Where(span.Attributes.ContainsKey).Select(a => $"{a}={span.Attributes[a]}"));
            text.Append(' ', depth * 2)
                .Append(CultureInfo.InvariantCulture, $"{span.Name}  [{kind}]  +{(span.StartUnixNano - traceStart) / 1e6:0.0} ms, {span.DurationMs:0.0} ms")
                .Append(span.Failed ? "  FAILED" : string.Empty)
                .Append(details.Length > 0 ? "  " + details : string.Empty)
                .Append(span.Links.Count > 0 ? $"  (linked to {string.Join(", ", span.Links)})" : string.Empty)
                .AppendLine();
            Write(text, children, span.SpanId, depth + 1, traceStart);
        }
    }
}
