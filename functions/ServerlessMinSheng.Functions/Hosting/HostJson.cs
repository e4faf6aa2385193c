using System.Globalization;
using System.Text.Json.Nodes;

namespace ServerlessMinSheng.Functions.Hosting;

/// <summary>
/// Reads the queue settings from the same host.json the Functions host reads, so the local runtime
/// retries and poisons exactly as the deployed app will. Configuration can still override them.
/// </summary>
internal static class HostJson
{
    public static string? Find() =>
        new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }
            .Select(dir => Path.Combine(dir, "host.json"))
            .FirstOrDefault(File.Exists);

    public static void ApplyQueueSettings(LocalRuntimeOptions options, string? path)
    {
        if (path is null || JsonNode.Parse(File.ReadAllText(path))?["extensions"]?["queues"] is not JsonObject queues)
        {
            return;
        }

        if (queues["maxDequeueCount"]?.GetValue<int>() is { } maxDequeue)
        {
            options.MaxDequeueCount = maxDequeue;
        }

        if (queues["batchSize"]?.GetValue<int>() is { } batch)
        {
            options.BatchSize = batch;
        }

        if (queues["maxPollingInterval"]?.GetValue<string>() is { } polling)
        {
            options.MaxPollingInterval = TimeSpan.Parse(polling, CultureInfo.InvariantCulture);
        }

        if (queues["visibilityTimeout"]?.GetValue<string>() is { } retry)
        {
            options.RetryDelay = TimeSpan.Parse(retry, CultureInfo.InvariantCulture); // The host's name for the delay before a retry.
        }
    }
}
