using System.Diagnostics;

namespace ServerlessMinSheng.Storage.Benchmarks;

/// <summary>Throughput and latency of one workload run: operations, items (entities or messages), time, per-operation latencies.</summary>
internal sealed record Measurement(string Workload, string Path, int Operations, int Items, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double ItemsPerSecond => Items / Elapsed.TotalSeconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    private double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>Runs <paramref name="operation"/> for indexes 0..count-1 on <paramref name="concurrency"/> workers, timing each call.</summary>
    public static async Task<Measurement> RunAsync(string workload, string path, int count, int itemsPerOperation, int concurrency, Func<int, Task> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        clock.Stop();
        return new Measurement(workload, path, count, count * itemsPerOperation, clock.Elapsed, latencies);
    }
}
