using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using ServerlessMinSheng.AppTesting;
using ServerlessMinSheng.Functions.Lifecycles;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Lifecycle.Benchmarks;

/// <summary>
/// Phase 4: transitions through the HTTP API of the app as its own process (the production shape, on
/// the system clock), on the same storage account. Staff of each community sign for the requests the
/// sweeps escalated (<c>POST /api/staff/requests/{code}/actions/sign</c>), then reply to the signed ones,
/// with 1, 4, 16… clients at once; each client is one signed-in person working through their
/// community's requests as fast as answers come back (a closed loop).
/// </summary>
internal sealed class ApiBenchmark(LifecycleSite site, IReadOnlyList<Seeded> requests, IReadOnlyList<int> clientCounts, TimeSpan roundLength)
{
    private readonly ConcurrentQueue<string>[] _toSign = Enumerable.Range(0, site.Communities.Count).Select(_ => new ConcurrentQueue<string>()).ToArray();
    private readonly ConcurrentQueue<string>[] _toReply = Enumerable.Range(0, site.Communities.Count).Select(_ => new ConcurrentQueue<string>()).ToArray();
    private static readonly string[] Actions = ["sign", "reply"];
    private readonly QueueClient _timerQueue = new(site.ConnectionString, TimerScheduling.QueueName);
    private readonly List<string> _rows = [];
    private int _nextClient;

    public async Task RunAsync()
    {
        Console.WriteLine("## 4. Transitions through the HTTP API (the app as its own process)");
        foreach (var r in requests)
        {
            _toSign[r.Community].Enqueue(r.Code);
        }

        var environment = LifecycleSite.Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["AzureWebJobsStorage"] = site.ConnectionString;
        await using var app = AppProcess.Start(environment);
        void Kill(object? sender, EventArgs e) => app.KillAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += Kill; // Azurite's processes exit with ours (their watchdog); the app has none.
        try
        {
            await app.WaitUntilListeningAsync();
            var cpu = CpuMeter.Find("benchmark client", site.Azurite.Ports, ("app", CpuMeter.PidListeningOn(app.Port)));
            var clients = await StaffClientsAsync(app.Address, clientCounts.Max());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Azurite table data: {CpuMeter.AzuriteTableMegabytes(site.Azurite.Ports):0.0} MB"));
            try
            {
                await RoundAsync(clients, "sign", 1, TimeSpan.FromSeconds(3), cpu, warmUp: true);
                foreach (var n in clientCounts)
                {
                    await RoundAsync(clients, "sign", n, roundLength, cpu, warmUp: false);
                }

                // Every pending deadline also waits as a hidden message in the timer queue, and Azurite's queue
                // calls slow down with every message it holds. The sweep fires a deadline whose message is
                // gone, so emptying the queue loses nothing and shows what the same steps cost without that.
                await _timerQueue.ClearMessagesAsync();
                Console.WriteLine($"Timer queue emptied (the sweep is the safety net); {await QueuedAsync():N0} messages left");
                foreach (var action in Actions)
                {
                    foreach (var n in clientCounts)
                    {
                        await RoundAsync(clients, action, n, roundLength, cpu, warmUp: false);
                    }
                }
            }
            finally
            {
                clients.ForEach(c => c.Client.Dispose());
            }
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= Kill;
        }

        Console.WriteLine();
        Console.WriteLine("| action | clients | timer messages queued | transitions | seconds | transitions/s | p50 | p99 | max | errors | app CPU | azurite-table CPU | azurite-queue CPU | client CPU |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        _rows.ForEach(Console.WriteLine);
        Console.WriteLine();
    }

    private async Task<int> QueuedAsync() => (await _timerQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>Staff accounts c{community}-staff{n}, created by the admin and signed in; client j works for community j mod 5.</summary>
    private async Task<List<(SiteClient Client, int Community)>> StaffClientsAsync(Uri address, int count)
    {
        using var admin = await LifecycleSite.SignInWhenReadyAsync(address, LifecycleSite.AdminName, LifecycleSite.AdminPassword);
        var clients = new List<(SiteClient, int)>();
        for (var j = 0; j < count; j++)
        {
            var community = j % site.Communities.Count;
            var username = LifecycleSite.StaffName(community, j / site.Communities.Count);
            await LifecycleSite.CreateUserAsync(admin, username, "community_staff", site.Communities[community].Id);
            clients.Add((await SiteClient.SignedInAsync(address, username, LifecycleSite.StaffPassword), community));
        }

        return clients;
    }

    private async Task RoundAsync(List<(SiteClient Client, int Community)> clients, string action, int n, TimeSpan length, CpuMeter cpu, bool warmUp)
    {
        var source = action == "sign" ? _toSign : _toReply;
        object body = action == "sign" ? new { } : new { outcome = "resolved", text = "已安排物业维修，问题已解决，感谢您的反映。" };
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<HttpStatusCode, int>();
        var queued = await QueuedAsync();
        var cpuFrom = cpu.Take();
        var clock = Stopwatch.StartNew();
        // Each round starts with the next clients in turn, so one community's requests do not run out first.
        var chosen = Enumerable.Range(0, n).Select(i => clients[(_nextClient + i) % clients.Count]).ToList();
        _nextClient = (_nextClient + n) % clients.Count;
        await Task.WhenAll(chosen.Select(async c =>
        {
            while (clock.Elapsed < length && source[c.Community].TryDequeue(out var code))
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await c.Client.PostJsonAsync($"/api/staff/requests/{code}/actions/{action}", body);
                await response.Content.LoadIntoBufferAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    errors.AddOrUpdate(response.StatusCode, 1, (_, k) => k + 1);
                }
                else if (action == "sign")
                {
                    _toReply[c.Community].Enqueue(code);
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuTo = cpu.Take();
        var done = latencies.Count - errors.Values.Sum();
        var errorText = errors.IsEmpty ? "0" : string.Join(", ", errors.Select(e => $"{(int)e.Key}×{e.Value}"));
        if (warmUp)
        {
            Console.WriteLine($"Warm-up: {done} signatures by one client in {elapsed:0.0} s (not counted)");
            return;
        }

        var exhausted = chosen.Any(c => source[c.Community].IsEmpty) ? " (a client ran out of requests)" : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{action}, {n} client(s), {queued:N0} timer messages queued: {done} transitions in {elapsed:0.0} s{exhausted} = {done / elapsed:0.0}/s; latency {Latency.Summary(latencies)}; errors {errorText}"));
        Console.WriteLine("  " + CpuMeter.Report(cpuFrom, cpuTo));
        if (done == 0)
        {
            return;
        }

        var sorted = latencies.Order().ToList();
        string Cores(string name) => cpuTo.Processes.TryGetValue(name, out var t)
            ? ((t - cpuFrom.Processes.GetValueOrDefault(name)).TotalSeconds / elapsed).ToString("0.00", CultureInfo.InvariantCulture)
            : "?";
        _rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {action} | {n} | {queued:N0} | {done:N0} | {elapsed:0.0} | {done / elapsed:0.0} | {Latency.Format(Latency.Percentile(sorted, 0.5))} | {Latency.Format(Latency.Percentile(sorted, 0.99))} | {Latency.Format(sorted[^1])} | {errorText} | {Cores("app")} | {Cores("azurite-table")} | {Cores("azurite-queue")} | {Cores("benchmark client")} |"));
    }
}
