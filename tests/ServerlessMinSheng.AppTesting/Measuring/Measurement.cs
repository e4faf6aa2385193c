using System.Diagnostics;
using System.Globalization;

namespace ServerlessMinSheng.AppTesting;

/// <summary>Percentiles of latencies in milliseconds.</summary>
public static class Latency
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>"p50 12 ms, p99 80 ms, max 120 ms".</summary>
    public static string Summary(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted.Count == 0
            ? "none"
            : $"p50 {Format(Percentile(sorted, 0.50))}, p99 {Format(Percentile(sorted, 0.99))}, max {Format(sorted[^1])}";
    }

    public static string Format(double milliseconds) => milliseconds switch
    {
        >= 10_000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:0.0} s"),
        >= 10 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.0} ms"),
    };
}

/// <summary>CPU time used by each process of the set-up and by the whole machine, read from /proc.</summary>
public sealed class CpuMeter(IReadOnlyList<(string Name, int Pid)> processes)
{
    public sealed record Snapshot(long Timestamp, IReadOnlyDictionary<string, TimeSpan> Processes, double MachineBusySeconds);

    /// <summary>This process under <paramref name="selfName"/>, each Azurite service by its port, and any <paramref name="others"/>.</summary>
    public static CpuMeter Find(string selfName, IReadOnlyDictionary<AzuriteService, int> azuritePorts, params (string Name, int Pid)[] others)
    {
        var found = new List<(string, int)> { (selfName, Environment.ProcessId) };
        found.AddRange(others);
        var commandLines = Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1, Dir: d))
            .Where(p => p.Pid > 0)
            .Select(p => (p.Pid, Args: ReadCommandLine(p.Dir)))
            .ToList();
        foreach (var (service, port) in azuritePorts.OrderBy(p => p.Key))
        {
            var flag = $"--{service.ToString().ToLowerInvariant()}Port";
            var pid = commandLines.FirstOrDefault(c => Array.IndexOf(c.Args, flag) is var i and >= 0 && i + 1 < c.Args.Length && c.Args[i + 1] == port.ToString(CultureInfo.InvariantCulture)).Pid;
            found.Add(($"azurite-{service.ToString().ToLowerInvariant()}", pid));
        }

        return new CpuMeter(found.Where(f => f.Item2 > 0).ToList());
    }

    /// <summary>The app process started with <c>--urls=http://127.0.0.1:{port}</c> (0 if none).</summary>
    public static int PidListeningOn(int port) => Directory.EnumerateDirectories("/proc")
        .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1, Dir: d))
        .Where(p => p.Pid > 0)
        .FirstOrDefault(p => ReadCommandLine(p.Dir).Contains($"--urls=http://127.0.0.1:{port}")).Pid;

    /// <summary>
    /// Megabytes in the table service's data folder. In disk mode Azurite keeps each service's whole
    /// database in memory and rewrites it to one JSON file every 5 s while anything changed, blocking the
    /// process meanwhile, so this size prices every write-heavy second.
    /// </summary>
    public static double AzuriteTableMegabytes(IReadOnlyDictionary<AzuriteService, int> ports)
    {
        var port = ports[AzuriteService.Table].ToString(CultureInfo.InvariantCulture);
        var args = Directory.EnumerateDirectories("/proc").Select(ReadCommandLine)
            .FirstOrDefault(a => Array.IndexOf(a, "--tablePort") is var i and >= 0 && i + 1 < a.Length && a[i + 1] == port) ?? [];
        var at = Array.IndexOf(args, "--location");
        return at < 0 || at + 1 >= args.Length || !Directory.Exists(args[at + 1])
            ? double.NaN
            : new DirectoryInfo(args[at + 1]).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0;
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

    /// <summary>"app 1.2 s = 0.61 cores; azurite-table …; whole machine 1.95 of 2 cores busy".</summary>
    public static string Report(Snapshot from, Snapshot to)
    {
        var wall = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
        var parts = to.Processes.Select(p =>
        {
            var used = (p.Value - from.Processes.GetValueOrDefault(p.Key)).TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture, $"{p.Key} {used:0.0} s = {used / wall:0.00} cores");
        });
        var machine = (to.MachineBusySeconds - from.MachineBusySeconds) / wall;
        return "CPU: " + string.Join("; ", parts) + string.Create(CultureInfo.InvariantCulture, $"; whole machine {machine:0.00} of {Environment.ProcessorCount} cores busy");
    }

    /// <summary>Busy CPU seconds of the whole machine since boot (all cores; /proc/stat counts in 1/100 s).</summary>
    private static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
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
