using System.Text.RegularExpressions;
using ServerlessMinSheng.AppTesting;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Triage;
using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Intake.Benchmarks;

internal sealed record Community(string Id, string Name);

/// <summary>
/// Azurite on disk (three processes, as ./run.sh starts it) and the app as its own process with its
/// built-in trigger runtime at host.json's settings — the production shape, on one machine. Set up like a
/// new district: a first admin from the bootstrap settings, a town, a few communities and a town staff
/// member who uploads the survey.
/// </summary>
internal sealed partial class BenchmarkSite : IAsyncDisposable
{
    private const string AdminName = "bench-admin";
    private const string AdminPassword = "benchmark admin password 2026";
    private const string StaffName = "town-staff";
    private const string StaffPassword = "benchmark staff password 2026";
    private static readonly string[] CommunityNames = ["朝林社区", "东里社区", "北工大社区", "星岛社区", "瀛海社区"];

    private readonly AzuriteServer _azurite;
    private readonly AppProcess _app;

    private BenchmarkSite(AzuriteServer azurite, AppProcess app, string connectionString)
    {
        _azurite = azurite;
        _app = app;
        ConnectionString = connectionString;
        Cpu = CpuMeter.Find("benchmark client", azurite.Ports, ("app", CpuMeter.PidListeningOn(app.Port)));
        // Azurite's processes exit with ours (their watchdog); the app has none, so a Ctrl-C must not leave it running.
        AppDomain.CurrentDomain.ProcessExit += KillApp;
    }

    public Uri Address => _app.Address;

    public string ConnectionString { get; }

    /// <summary>A signed-in town staff member (may import surveys).</summary>
    public SiteClient Staff { get; private set; } = null!;

    public IReadOnlyList<Community> Communities { get; private set; } = [];

    public CpuMeter Cpu { get; }

    public static async Task<BenchmarkSite> StartAsync()
    {
        var azurite = await AzuriteServer.StartAsync(new AzuriteOptions { AccountPoolSize = 0 });
        var connectionString = azurite.Account(azurite.AccountKeys[0]).ConnectionString;
        var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Bootstrap__AdminUsername"] = AdminName,
            ["Bootstrap__AdminPassword"] = AdminPassword,
            // The form's per-address limit (default 10 a minute) would refuse a load test from one client.
            ["Intake__SubmissionsPerMinute"] = "100000000",
        });
        await app.WaitUntilListeningAsync();
        var site = new BenchmarkSite(azurite, app, connectionString);
        await site.SetUpDistrictAsync();
        return site;
    }

    private async Task SetUpDistrictAsync()
    {
        using var admin = await SiteClient.SignedInAsync(Address, AdminName, AdminPassword);
        var town = await admin.CreateAsync("/api/admin/towns", new { name = "亦庄镇" });
        var communities = new List<Community>();
        foreach (var name in CommunityNames)
        {
            communities.Add(new Community(await admin.CreateAsync("/api/admin/communities", new { name, townId = town }), name));
        }

        await admin.CreateAsync("/api/admin/users", new { username = StaffName, displayName = "镇工作人员", role = "town_staff", scopeId = town, password = StaffPassword });
        Staff = await SiteClient.SignedInAsync(Address, StaffName, StaffPassword);
        await Staff.PrepareAsync();
        Communities = communities;
    }

    /// <summary>Requests counted in the needs map so far, all months and communities (read from its counter rows).</summary>
    public async Task<int> NeedsMapTotalAsync()
    {
        var table = StorageClients.Tables(ConnectionString).GetTableClient(NeedsMapProjection.TableName);
        try
        {
            var counters = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {"c|"} and RowKey lt {"c}"}"), select: ["Count"]).ToListAsync();
            return counters.Sum(c => c.GetInt32("Count") ?? 0);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>
    /// Requests stored but not yet triaged: the app's own safety-net markers (written before a request is
    /// stored, removed after its triage and projections), read from their table.
    /// </summary>
    public async Task<int> PendingTriageCountAsync()
    {
        var table = StorageClients.Tables(ConnectionString).GetTableClient(PendingTriage.TableName);
        try
        {
            return (await table.QueryAsync<TableEntity>(select: ["RowKey"]).ToListAsync()).Count;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>The public needs map as served (GET /api/needs-map): the sum of its cells.</summary>
    public async Task<int> PublicNeedsMapTotalAsync()
    {
        var map = await Staff.GetJsonAsync("/api/needs-map");
        return map.GetProperty("cells").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32());
    }

    /// <summary>Every stored request, a few columns of each (a scan of the requests table, for checking after a run).</summary>
    public async Task<IReadOnlyList<ResidentRequest>> ScanRequestsAsync(string? filter = null)
    {
        var table = StorageClients.Tables(ConnectionString).GetTableClient(ResidentRequest.TableName);
        return await table.QueryAsync<ResidentRequest>(filter, select: ["Status", "ProjectedAt", "ImportId", "ImportLine", "SourceKey", "ReceivedAt", "TriagedAt"]).ToListAsync();
    }

    /// <summary>How long each run of a queue function took, from the app's "Executed …" log lines since <paramref name="fromLine"/>.</summary>
    public IReadOnlyList<(string Function, int DequeueCount, double Milliseconds)> Executions(int fromLine = 0) =>
        OutputLines().Skip(fromLine).Select(l => ExecutedPattern().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups["f"].Value, int.Parse(m.Groups["d"].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(m.Groups["ms"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    public int OutputLineCount => OutputLines().Length;

    /// <summary>
    /// Warnings and errors the app logged since <paramref name="fromLine"/>, counted by kind (the message
    /// with ids and numbers blanked), most frequent first.
    /// </summary>
    public IReadOnlyList<(string Kind, int Count)> Problems(int fromLine = 0)
    {
        var lines = OutputLines();
        return Enumerable.Range(fromLine, Math.Max(0, lines.Length - fromLine))
            .Where(i => lines[i].StartsWith("warn:", StringComparison.Ordinal) || lines[i].StartsWith("fail:", StringComparison.Ordinal) || lines[i].StartsWith("crit:", StringComparison.Ordinal))
            .Select(i => lines[i][..5] + " " + Blanked().Replace(i + 1 < lines.Length ? lines[i + 1].Trim() : string.Empty, "#"))
            .GroupBy(k => k)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(k => k.Item2)
            .ToList();
    }

    /// <summary>Writes everything the app printed to <paramref name="path"/>.</summary>
    public Task SaveAppLogAsync(string path) => File.WriteAllTextAsync(path, _app.Output);

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillApp;
        Staff?.Dispose();
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private void KillApp(object? sender, EventArgs e) => _app.KillAsync().GetAwaiter().GetResult();

    private string[] OutputLines() => _app.Output.Split('\n');

    // Console logger: "info: …FunctionInvoker[0]" then "      Executed TriageRequests for message … (dequeue 1) in 85 ms".
    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f-]{27}|[0-9]+(\.[0-9]+)?")]
    private static partial Regex Blanked();

    [GeneratedRegex(@"Executed (?<f>\w+) for message \S+ \(dequeue (?<d>\d+)\) in (?<ms>\d+) ms")]
    private static partial Regex ExecutedPattern();
}
