using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServerlessMinSheng.Functions.Hosting;

/// <summary>
/// The custom-handler protocol for queue and timer functions: the Functions host POSTs
/// <c>{"Data": {...}, "Metadata": {...}}</c> to <c>/{FunctionName}</c> and reads back
/// <c>{"Outputs", "Logs", "ReturnValue"}</c>. A non-2xx answer tells the host the run failed, so it
/// retries the message and poisons it after <c>maxDequeueCount</c> tries. Mapped only under the host:
/// these endpoints must never be reachable from outside.
/// </summary>
internal static class CustomHandlerEndpoints
{
    public const string QueueBinding = "message";
    public const string TimerBinding = "timer";

    public static void MapCustomHandlerInvocations(this IEndpointRouteBuilder app) =>
        app.MapPost("/{functionName}", InvokeAsync).ExcludeFromDescription().AllowAnonymous();

    private static async Task<IResult> InvokeAsync(
        string functionName, HttpRequest request, FunctionCatalog catalog, FunctionInvoker invoker, TimeProvider time, Microsoft.Extensions.Options.IOptions<FunctionsHostOptions> options, CancellationToken cancellationToken)
    {
        if (catalog.FindTriggered(functionName) is not { } function)
        {
            return TypedResults.Problem($"No queue or timer function is named '{functionName}'.", statusCode: StatusCodes.Status404NotFound);
        }

        InvocationRequest? invocation;
        try
        {
            invocation = await JsonSerializer.DeserializeAsync<InvocationRequest>(request.Body, JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem($"The invocation body is not valid JSON: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        var data = invocation?.Data ?? [];
        var metadata = invocation?.Metadata ?? [];
        try
        {
            switch (function.Trigger)
            {
                case QueueFunctionTrigger queue:
                    var text = Value(data, QueueBinding) is { } item
                        ? item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText()
                        : throw new InvalidOperationException($"The invocation has no '{QueueBinding}' in Data.");
                    var message = new QueueMessageContext(function.Name, queue.QueueName, text, String(metadata, "Id") ?? string.Empty, Number(metadata, "DequeueCount") ?? 1, Date(metadata, "InsertionTime"));
                    await invoker.InvokeQueueAsync(function, message, cancellationToken);
                    break;
                case TimerFunctionTrigger:
                    var pastDue = Value(data, TimerBinding) is { ValueKind: JsonValueKind.Object } timer
                        && timer.EnumerateObject().Any(p => p.Name.Equals("IsPastDue", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.True);
                    await invoker.InvokeTimerAsync(function, new TimerContext(function.Name, time.GetUtcNow(), pastDue), cancellationToken);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Already logged by the invoker; the host only needs to know that the run failed (after the last try, it poisons the message).
            Telemetry.AppTelemetry.MessagePoisonedByHost(function, Number(metadata, "DequeueCount"), options.Value.LocalRuntime.MaxDequeueCount);
            return TypedResults.Json(new InvocationResponse([$"{function.Name} failed: {ex.GetType().Name}: {ex.Message}"]), statusCode: StatusCodes.Status500InternalServerError);
        }

        return TypedResults.Json(new InvocationResponse([$"{function.Name} succeeded"]));
    }

    private static JsonElement? Value(Dictionary<string, JsonElement> values, string name) =>
        values.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found ? found.Value : null;

    private static string? String(Dictionary<string, JsonElement> values, string name) =>
        Value(values, name) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    private static long? Number(Dictionary<string, JsonElement> values, string name) => Value(values, name) switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetInt64(),
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    private static DateTimeOffset? Date(Dictionary<string, JsonElement> values, string name) =>
        String(values, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    internal sealed record InvocationRequest(Dictionary<string, JsonElement>? Data, Dictionary<string, JsonElement>? Metadata);

    internal sealed record InvocationResponse([property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs)
    {
        [JsonPropertyName("Outputs")]
        public IReadOnlyDictionary<string, object> Outputs { get; } = new Dictionary<string, object>();

        [JsonPropertyName("ReturnValue")]
        public object? ReturnValue { get; }
    }
}
