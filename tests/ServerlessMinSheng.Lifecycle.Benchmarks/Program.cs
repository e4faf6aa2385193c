using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.AppTesting;
using ServerlessMinSheng.Lifecycle.Benchmarks;

// Usage: dotnet run -c Release --project tests/ServerlessMinSheng.Lifecycle.Benchmarks [-- --count 10000]
//          [--parallel 16] [--clients 1,4,16] [--seconds 20] [--claimants 20,50] [--only sweep|api|claims]
// Starts its own Azurite (disk mode, three processes); the app runs in this process on a manual clock for
// the sweep phases and the claims, then as its own process for the HTTP transitions.
var only = ArgValue("--only");
if (only is not (null or "sweep" or "api" or "claims"))
{
    Console.Error.WriteLine("--only takes sweep, api or claims");
    return 2;
}

var count = int.Parse(ArgValue("--count") ?? "10000", CultureInfo.InvariantCulture);
var parallelism = int.Parse(ArgValue("--parallel") ?? "16", CultureInfo.InvariantCulture);
var clients = List(ArgValue("--clients") ?? "1,4,16");
var seconds = double.Parse(ArgValue("--seconds") ?? "20", CultureInfo.InvariantCulture);
var claimants = List(ArgValue("--claimants") ?? "20,50");

MachineInfo.PrintHeader("ServerlessMinSheng.Lifecycle.Benchmarks", args);
var total = Stopwatch.StartNew();
await using var site = await LifecycleSite.StartAsync();
var cpu = CpuMeter.Find("benchmark process (app)", site.Azurite.Ports);
Console.WriteLine($"Azurite and the in-process app started, a town and {site.Communities.Count} communities set up in {total.Elapsed.TotalSeconds:0.0} s");
Console.WriteLine();

IReadOnlyList<Seeded> seeded = [];
if (only is null or "sweep" or "api")
{
    seeded = await new SweepBenchmark(site, cpu, count, parallelism).RunAsync();
}

if (only is null or "claims")
{
    await new ClaimBenchmark(site, claimants).RunAsync();
}

await site.StopAppAsync();
if (only is null or "api")
{
    await new ApiBenchmark(site, seeded, clients, TimeSpan.FromSeconds(seconds)).RunAsync();
}

Console.WriteLine($"Load average at end: {MachineInfo.LoadAverage()}; whole run {total.Elapsed.TotalMinutes:0.0} min");
return 0;

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static IReadOnlyList<int> List(string text) => text.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
