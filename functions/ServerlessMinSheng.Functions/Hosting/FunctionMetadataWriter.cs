using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessMinSheng.Functions.Hosting;

/// <summary>
/// Writes <c>&lt;FunctionName&gt;/function.json</c> for every declared function into a publish folder,
/// making it a deployable Function App (FUNCTIONS_WORKER_RUNTIME=Custom). Run by the publish step as
/// <c>ServerlessMinSheng.Functions --write-function-metadata &lt;dir&gt;</c>.
/// </summary>
public static class FunctionMetadataWriter
{
    public const string CommandKey = "write-function-metadata";
    public const string ConnectionSetting = "AzureWebJobsStorage";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyList<string> Write(FunctionCatalog catalog, string outputDirectory)
    {
        var functions = catalog.All;
        foreach (var stale in Directory.EnumerateDirectories(outputDirectory)
            .Where(d => File.Exists(Path.Combine(d, "function.json")) && !functions.Any(f => f.Name == Path.GetFileName(d))))
        {
            Directory.Delete(stale, recursive: true); // A function removed from the code must not linger in the app.
        }

        foreach (var function in functions)
        {
            var folder = Path.Combine(outputDirectory, function.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"), ToFunctionJson(function).ToJsonString(Indented) + "\n");
        }

        return functions.Select(f => f.Name).ToList();
    }

    public static JsonObject ToFunctionJson(FunctionDefinition function) => new()
    {
        ["bindings"] = function.Trigger switch
        {
            HttpFunctionTrigger http => new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray(http.Methods.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
                    ["route"] = http.Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            QueueFunctionTrigger queue => new JsonArray(new JsonObject
            {
                ["type"] = "queueTrigger",
                ["direction"] = "in",
                ["name"] = CustomHandlerEndpoints.QueueBinding,
                ["queueName"] = queue.QueueName,
                ["connection"] = ConnectionSetting,
            }),
            TimerFunctionTrigger timer => new JsonArray(new JsonObject
            {
                ["type"] = "timerTrigger",
                ["direction"] = "in",
                ["name"] = CustomHandlerEndpoints.TimerBinding,
                ["schedule"] = timer.Schedule,
                ["useMonitor"] = true,
                ["runOnStartup"] = false,
            }),
            _ => throw new InvalidOperationException($"Function {function.Name} has an unknown trigger."),
        },
    };
}
