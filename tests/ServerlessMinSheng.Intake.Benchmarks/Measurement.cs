using System.Diagnostics;
using System.Globalization;

namespace ServerlessMinSheng.Intake.Benchmarks;

/// <summary>Percentiles of latencies in milliseconds.</summary>
internal static class Latency
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>"p50 12 ms, p95 40 ms, p99 80 ms, max 120 ms" (seconds when large).</summary>
    public static string Summary(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted.Count == 0
            ? "none"
            : $"p50 {Format(Percentile(sorted, 0.50))}, p95 {Format(Percentile(sorted, 0.95))}, p99 {Format(Percentile(sorted, 0.99))}, max {Format(sorted[^1])}";
    }

    public static string Format(double milliseconds) => milliseconds >= 10_000
        ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:0.0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0} ms");
}

/// <summary>CPU time used by each process of the set-up and by the whole machine, read from /proc.</summary>
internal sealed class CpuMeter(IReadOnlyList<(string Name, int Pid)> processes)
{
    public sealed record Snapshot(long Timestamp, IReadOnlyDictionary<string, TimeSpan> Processes, double MachineBusySeconds);

    /// <summary>The processes found by their command lines: this benchmark, the app on its port, and each Azurite service.</summary>
    public static CpuMeter Find(int appPort, IReadOnlyDictionary<AzuriteService, int> azuritePorts)
    {
        var found = new List<(string, int)> { ("benchmark client", Environment.ProcessId) };
        var commandLines = System.IO.Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1, Dir: d))
            .Where(p => p.Pid > 0)
            .Select(p => (p.Pid, Args: ReadCommandLine(p.Dir)))
            .ToList();
        int PidOf(Func<string[], bool> match) => commandLines.FirstOrDefault(c => match(c.Args)).Pid;
        found.Add(("app", PidOf(a => a.Contains($"--urls=http://127.0.0.1:{appPort}"))));
        foreach (var (service, port) in azuritePorts)
        {
            var flag = $"--{service.ToString().ToLowerInvariant()}Port";
            found.Add(($"azurite-{service.ToString().ToLowerInvariant()}", PidOf(a => Array.IndexOf(a, flag) is var i and >= 0 && i + 1 < a.Length && a[i + 1] == port.ToString(CultureInfo.InvariantCulture))));
        }

        return new CpuMeter(found.Where(f => f.Item2 > 0).ToList());
    }

    public IReadOnlyList<string> Names => processes.Select(p => p.Name).ToList();

    public Snapshot Take()
    {
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (name, pid) in processes)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                times[name] = process.TotalProcessorTime;
            }
            catch (ArgumentException)
            {
                times[name] = TimeSpan.Zero; // Gone.
            }
        }

        return new Snapshot(Stopwatch.GetTimestamp(), times, MachineBusySeconds());
    }

    /// <summary>"app 1.23 cores (61 %) · azurite-table 0.80 cores · … · machine 1.95 of 2 cores".</summary>
    public static string Report(Snapshot from, Snapshot to)
    {
        var wall = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
        var parts = to.Processes.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.Key} {(p.Value - from.Processes.GetValueOrDefault(p.Key)).TotalSeconds:0.0} s = {(p.Value - from.Processes.GetValueOrDefault(p.Key)).TotalSeconds / wall:0.00} cores"));
        var machine = (to.MachineBusySeconds - from.MachineBusySeconds) / wall;
        return string.Join("; ", parts) + string.Create(CultureInfo.InvariantCulture, $"; whole machine {machine:0.00} of {Environment.ProcessorCount} cores busy");
    }

    /// <summary>Busy CPU seconds of the whole machine since boot (all cores; /proc/stat counts in 1/100 s).</summary>
    private static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        return (fields.Take(8).Sum() - idle) / 100.0;
    }

    private static string[] ReadCommandLine(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline")).Split('\0');
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
