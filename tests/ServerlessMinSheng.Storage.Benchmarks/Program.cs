using System.Globalization;
using System.Runtime.InteropServices;
using ServerlessMinSheng.Storage;
using ServerlessMinSheng.Storage.Benchmarks;
using ServerlessMinSheng.Testing;

// Usage: dotnet run -c Release --project tests/ServerlessMinSheng.Storage.Benchmarks [-- --scale 1.0] [--rounds 3] [--connection "<connection string>"]
// Without --connection it starts its own Azurite (disk mode, three processes) on free ports.
var scale = ArgValue("--scale") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 1.0;
var roundCount = ArgValue("--rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
var settings = new BenchmarkSettings(
    SingleOps: Scaled(4000), Batches: Scaled(400), Reads: Scaled(4000), Messages: Scaled(3000),
    Concurrency: 16, BatchConcurrency: 4, Consumers: 8);

AzuriteServer? azurite = null;
StorageConnectionString account;
if (ArgValue("--connection") is { } connection)
{
    account = StorageConnectionString.Parse(connection);
}
else
{
    azurite = await AzuriteServer.StartAsync(new AzuriteOptions { AccountPoolSize = 0 });
    account = StorageConnectionString.Parse(azurite.Account(azurite.AccountKeys[0]).ConnectionString);
}

try
{
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {CpuModel()}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {Tool("node --version")} Azurite {AzuriteVersion()}");
    Console.WriteLine($"Load: {settings}, {roundCount} rounds (median shown)");
    Console.WriteLine();
    var warmup = new Workloads(account, settings with { SingleOps = 200, Batches = 10, Reads = 200, Messages = 200 }, "warmup");
    await warmup.RunAllAsync(["raw", "client"]);

    // Rounds alternate which path goes first, so neither always meets a fresher or busier Azurite; the median round counts.
    var rounds = new List<Measurement>();
    for (var round = 0; round < roundCount; round++)
    {
        string[] order = round % 2 == 0 ? ["client", "raw"] : ["raw", "client"];
        rounds.AddRange(await new Workloads(account, settings, $"round{round}").RunAllAsync(order));
    }

    var results = rounds.GroupBy(r => (r.Workload, r.Path)).Select(g => g.OrderBy(r => r.ItemsPerSecond).ElementAt(g.Count() / 2)).ToList();
    Console.WriteLine("| workload | client items/s | ceiling items/s | client / ceiling | client p50 ms | client p99 ms | ceiling p50 ms | ceiling p99 ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var workload in results.GroupBy(r => r.Workload))
    {
        var client = workload.Single(r => r.Path == "client");
        var raw = workload.Single(r => r.Path == "raw");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {workload.Key} | {client.ItemsPerSecond:N0} | {raw.ItemsPerSecond:N0} | {client.ItemsPerSecond / raw.ItemsPerSecond:P0} | {client.P50:0.0} | {client.P99:0.0} | {raw.P50:0.0} | {raw.P99:0.0} |"));
    }
}
finally
{
    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }
}

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int Scaled(int n) => Math.Max(1, (int)(n * scale));

static string CpuModel() =>
    File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";

static string AzuriteVersion()
{
    var package = RepositoryPaths.Combine("node_modules", "azurite", "package.json");
    return File.Exists(package) ? System.Text.Json.JsonDocument.Parse(File.ReadAllText(package)).RootElement.GetProperty("version").GetString() ?? "?" : "?";
}

static string Tool(string command)
{
    var parts = command.Split(' ', 2);
    using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(parts[0], parts[1]) { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    return "Node " + output;
}
