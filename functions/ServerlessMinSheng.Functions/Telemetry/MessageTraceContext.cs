using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ServerlessMinSheng.Functions.Telemetry;

/// <summary>
/// W3C trace context inside a queue message. Messages are JSON objects, so the context is two extra
/// properties, <c>traceparent</c> and <c>tracestate</c>, put first; handlers deserialize their own record and
/// skip properties they do not know. A message without them (queued before this existed, or by hand) starts
/// a trace of its own. The properties are not part of any record, so no idempotency key or message id sees them.
/// </summary>
public static class MessageTraceContext
{
    public const string TraceParentProperty = "traceparent";
    public const string TraceStateProperty = "tracestate";

    private static readonly string Marker = $"\"{TraceParentProperty}\"";

    /// <summary>The message with the current span's context added; unchanged when nothing is traced, it is not a JSON object, or it carries a context already.</summary>
    public static string Inject(string messageText) =>
        AppTelemetry.Source.HasListeners() && Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
            ? With(messageText, current.Id!, current.TraceStateString)
            : messageText;

    public static string With(string messageText, string traceParent, string? traceState)
    {
        var open = messageText.AsSpan().IndexOfAnyExcept(" \t\r\n");
        if (open < 0 || messageText[open] != '{' || Extract(messageText) != default)
        {
            return messageText;
        }

        var rest = messageText.AsSpan(open + 1);
        var empty = rest.TrimStart(" \t\r\n").StartsWith("}");
        var context = new StringBuilder(messageText.Length + 128)
            .Append(messageText, 0, open + 1)
            .Append(Marker).Append(':').Append(JsonSerializer.Serialize(traceParent));
        if (!string.IsNullOrEmpty(traceState))
        {
            context.Append(",\"").Append(TraceStateProperty).Append("\":").Append(JsonSerializer.Serialize(traceState));
        }

        return context.Append(empty ? string.Empty : ",").Append(rest).ToString();
    }

    /// <summary>The context a message carries, or default when it has none (or it is not JSON).</summary>
    public static ActivityContext Extract(string messageText)
    {
        if (!messageText.Contains(Marker, StringComparison.Ordinal))
        {
            return default;
        }

        string? parent = null, state = null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(messageText));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && name == TraceParentProperty)
                {
                    parent = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.String && name == TraceStateProperty)
                {
                    state = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return default; // Not JSON: a message like that has no context to give.
        }

        return ActivityContext.TryParse(parent, state, isRemote: true, out var context) ? context : default;
    }
}
