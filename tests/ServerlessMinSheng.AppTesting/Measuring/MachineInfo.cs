using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ServerlessMinSheng.AppTesting;

/// <summary>What a benchmark prints about the machine it ran on, so its numbers can be read in context.</summary>
public static class MachineInfo
{
    /// <summary>"2 cores (nproc), Intel Xeon …, 23.5 GiB memory, Debian …".</summary>
    public static string Machine =>
        $"{Environment.ProcessorCount} cores (nproc), {CpuModel()}, {MemoryGiB()} GiB memory, {RuntimeInformation.OSDescription}";

    /// <summary>".NET 10.0.x (SDK …), Node …, Azurite …".</summary>
    public static string Software =>
        $".NET {Environment.Version} (SDK {Tool("dotnet", "--version")}), Node {Tool("node", "--version")}, Azurite {AzuriteVersion()}";

    /// <summary>The lines every benchmark starts with: how it was run, on what, and how busy the machine already was.</summary>
    public static void PrintHeader(string project, IReadOnlyList<string> args)
    {
        Console.WriteLine($"Command: dotnet run -c Release --project tests/{project} -- {string.Join(' ', args)}");
        Console.WriteLine($"Machine: {Machine}");
        Console.WriteLine($"Software: {Software} on disk");
        Console.WriteLine($"Load average at start: {LoadAverage()}  (anything above ~0.5 is someone else's work)");
        Console.WriteLine($"Started: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
    }

    /// <summary>/proc/loadavg as it reads: three load averages, running/all tasks, last pid.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";

    private static string MemoryGiB() =>
        (long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static string AzuriteVersion()
    {
        var package = RepositoryPaths.Combine("node_modules", "azurite", "package.json");
        return File.Exists(package) ? JsonDocument.Parse(File.ReadAllText(package)).RootElement.GetProperty("version").GetString() ?? "?" : "?";
    }

    private static string Tool(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}
