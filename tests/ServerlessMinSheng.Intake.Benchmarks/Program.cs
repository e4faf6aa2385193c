using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ServerlessMinSheng.Intake.Benchmarks;

// Usage: dotnet run -c Release --project tests/ServerlessMinSheng.Intake.Benchmarks [-- --only import|form]
//          [--rows 20000] [--chars 280] [--rate 25,50,100,200] [--seconds 60] [--app-log <file>]
// Starts its own Azurite (disk mode, three processes) and the app as a separate process on free ports.
var only = ArgValue("--only");
if (only is not (null or "import" or "form"))
{
    Console.Error.WriteLine("--only takes import or form");
    return 2;
}

var rows = int.Parse(ArgValue("--rows") ?? "20000", CultureInfo.InvariantCulture);
var maxChars = int.Parse(ArgValue("--chars") ?? "280", CultureInfo.InvariantCulture);
var rates = (ArgValue("--rate") ?? "25,50,100,200").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
var seconds = int.Parse(ArgValue("--seconds") ?? "60", CultureInfo.InvariantCulture);

Console.WriteLine($"Command: dotnet run -c Release --project tests/ServerlessMinSheng.Intake.Benchmarks -- {string.Join(' ', args)}");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores (nproc), {CpuModel()}, {MemoryGiB()} GiB memory, {RuntimeInformation.OSDescription}");
Console.WriteLine($"Software: .NET {Environment.Version} (SDK {Tool("dotnet", "--version")}), Node {Tool("node", "--version")}, Azurite {AzuriteVersion()} on disk");
Console.WriteLine($"Load average at start: {File.ReadAllText("/proc/loadavg").Trim()}  (anything above ~0.5 is someone else's work)");
Console.WriteLine($"Started: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");

var opinions = PetitionTexts.Load();
Console.WriteLine($"Texts: {opinions.Count:N0} resident messages from {PetitionTexts.Directory}");
var setup = Stopwatch.StartNew();
await using var site = await BenchmarkSite.StartAsync();
Console.WriteLine($"Azurite and the app started, district set up in {setup.Elapsed.TotalSeconds:0.0} s; communities: {string.Join(", ", site.Communities.Select(c => c.Name))}");
Console.WriteLine($"Measuring CPU of: {string.Join(", ", site.Cpu.Names)}");
await WarmUpAsync(site, opinions);
Console.WriteLine();

if (only is null or "import")
{
    await new ImportBenchmark(site, opinions, rows, maxChars).RunAsync();
}

if (only is null or "form")
{
    var form = new FormLoadBenchmark(site, opinions);
    for (var round = 0; round < rates.Count; round++)
    {
        await form.RunAsync(rates[round], seconds, round);
    }
}

if (ArgValue("--app-log") is { } appLog)
{
    await site.SaveAppLogAsync(appLog);
    Console.WriteLine($"The app's output is in {appLog}");
}

return 0;

// A new instance builds its analyzer (seed training, a few hundred ms) on the first triage; do that before timing.
static async Task WarmUpAsync(BenchmarkSite site, IReadOnlyList<Opinion> opinions)
{
    var clock = Stopwatch.StartNew();
    using var resident = new SiteClient(site.Address);
    for (var i = 0; i < 20; i++)
    {
        using var response = await resident.PostJsonAsync("/api/requests", new { title = "预热", description = opinions[i].Body, communityId = site.Communities[0].Id, isPublic = true });
        await SiteClient.EnsureAsync(response, "warm-up submission");
    }

    while (await site.NeedsMapTotalAsync() < 20)
    {
        await Task.Delay(100);
    }

    Console.WriteLine($"Warm-up: 20 form submissions triaged in {clock.Elapsed.TotalSeconds:0.0} s");
}

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string CpuModel() =>
    File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";

static string MemoryGiB() =>
    (long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

static string AzuriteVersion()
{
    var package = RepositoryPaths.Combine("node_modules", "azurite", "package.json");
    return File.Exists(package) ? System.Text.Json.JsonDocument.Parse(File.ReadAllText(package)).RootElement.GetProperty("version").GetString() ?? "?" : "?";
}

static string Tool(string file, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    return output;
}
