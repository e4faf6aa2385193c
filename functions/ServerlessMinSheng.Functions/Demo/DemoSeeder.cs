using System.Diagnostics;
using Microsoft.Extensions.Options;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Rankings;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>Settings of demo mode (section <c>Demo</c>).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>How far back the demo's history reaches.</summary>
    public int Days { get; set; } = 120;

    /// <summary>How many scripted histories run side by side.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>Seed of the demo's choices: the same seed gives the same requests, fates and texts.</summary>
    public int Seed { get; set; } = 12345;
}

/// <summary>The row that says this storage account holds the demo (and when it was made).</summary>
public sealed class DemoMarker : ITableEntity
{
    public const string TableName = "demo";

    public string PartitionKey { get; set; } = "demo";

    public string RowKey { get; set; } = "seeded";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset SeededAt { get; set; }

    public int Requests { get; set; }

    public int Projects { get; set; }

    public double Seconds { get; set; }
}

/// <summary>
/// Seeds the demo once, at startup, before the trigger runtime starts (so the runtime's schedules start
/// on real time): the registry and accounts, then every request through intake and triage, then the
/// handling and project scripts on a <see cref="DemoTimeline"/> reaching back <see cref="DemoOptions.Days"/>
/// days, then the ranking job over those days. Skipped when the marker row exists; refused on a storage
/// account that already has accounts of its own, so a demo never mixes with real data.
/// </summary>
internal sealed partial class DemoSeeder(
    DemoClock clock,
    AppTables tables,
    UserStore users,
    DemoWorldBuilder worldBuilder,
    DemoRequestScripts requestScripts,
    DemoProjectScripts projectScripts,
    LifecycleTimers timers,
    RankingJob rankings,
    DeploymentTime deploymentTime,
    DemoOutput output,
    IOptions<DemoOptions> options,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var markers = await tables.GetAsync(DemoMarker.TableName, cancellationToken);
        if (await markers.GetEntityOrDefaultAsync<DemoMarker>("demo", "seeded", cancellationToken: cancellationToken) is { } marker)
        {
            LogAlreadySeeded(marker.SeededAt);
            await output.Writer.WriteLineAsync($"演示数据已于 {deploymentTime.Local(marker.SeededAt):yyyy-MM-dd HH:mm} 生成；账号密码只在生成时显示过一次（./run.sh --demo 每次重新生成）。");
            return;
        }

        if ((await users.ListAsync(cancellationToken)).Count > 0)
        {
            throw new StartupException("Demo:Enabled is set, but this storage account already has staff accounts and no demo: the demo only seeds an empty account, so it never mixes with real data. Use ./run.sh --demo, which keeps its own Azurite data in .azurite-demo/.");
        }

        var settings = options.Value;
        var took = Stopwatch.StartNew();
        var end = TimeProvider.System.GetUtcNow();
        var start = end.AddDays(-settings.Days);
        LogSeeding(settings.Days, start);

        clock.SetShared(start.AddDays(-1));
        var world = await worldBuilder.BuildAsync(cancellationToken);
        var plans = new DemoRequestPlanner(end, settings.Days, deploymentTime.Zone, settings.Seed).Plan(DemoProjectTexts.Projects);
        await requestScripts.IntakeAsync(plans, world, end, settings.Parallelism, cancellationToken);
        await world.Ready;
        LogPhase("intake and triage", plans.Count, took.Elapsed.TotalSeconds);

        var scripts = plans.Select(plan => requestScripts.ScriptFor(plan, world, end, cancellationToken)).OfType<Func<DemoAgent, Task>>()
            .Concat(DemoProjectTexts.Projects.Select(project => projectScripts.ScriptFor(project, plans, world, end, cancellationToken)))
            .ToList();
        var timeline = new DemoTimeline(clock, timers, settings.Parallelism);
        await timeline.RunAsync(start, end, scripts, cancellationToken);
        LogTimeline(scripts.Count, timeline.Sweeps, timeline.TimersFired, took.Elapsed.TotalSeconds);

        clock.Reset();
        await timers.SweepAsync(cancellationToken); // Whatever fell due while the demo was being written, now on real time.
        var run = await rankings.RunAsync(LocalDate(start), LocalDate(end), cancellationToken);
        var counts = await DemoCounts.ReadAsync(tables, cancellationToken);
        await markers.UpsertEntityAsync(
            new DemoMarker { SeededAt = end, Requests = counts.RequestTotal, Projects = counts.ProjectTotal, Seconds = Math.Round(took.Elapsed.TotalSeconds, 1) },
            TableUpdateMode.Replace,
            cancellationToken);
        LogSeeded(counts.RequestTotal, counts.ProjectTotal, took.Elapsed.TotalSeconds);
        DemoReport.Write(output.Writer, world, counts, took.Elapsed, $"{run.Rankings} 张排名表（{run.From:yyyy-MM-dd} 至 {run.To:yyyy-MM-dd}，各级单位的日、月、季、年与近 30 天）");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(deploymentTime.Local(instant).DateTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data already present (seeded {SeededAt}); not seeding again")]
    private partial void LogAlreadySeeded(DateTimeOffset seededAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeding the demo: {Days} days of history from {Start}")]
    private partial void LogSeeding(int days, DateTimeOffset start);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo {Phase}: {Count} requests, {Seconds:0.0} s so far")]
    private partial void LogPhase(string phase, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo timeline: {Scripts} scripts, {Sweeps} sweeps fired {Fired} deadlines, {Seconds:0.0} s so far")]
    private partial void LogTimeline(int scripts, int sweeps, int fired, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo seeded: {Requests} requests, {Projects} micro-projects in {Seconds:0.0} s")]
    private partial void LogSeeded(int requests, int projects, double seconds);
}
