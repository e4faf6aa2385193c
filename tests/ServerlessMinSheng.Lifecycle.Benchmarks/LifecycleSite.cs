using ServerlessMinSheng.Functions.Storage;
using System.Globalization;
using ServerlessMinSheng.AppTesting;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Lifecycles;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Lifecycle.Benchmarks;

internal sealed record Community(string Id, string Name);

/// <summary>
/// Azurite on disk (three processes, as ./run.sh starts it) and the real app in this process on a clock
/// the benchmark moves, its storage calls counted. The app's own timer functions are left out so that
/// every sweep is one the benchmark starts and times (the LifecycleSweep function does nothing but call
/// <see cref="Functions.Lifecycles.LifecycleTimers.SweepAsync"/>); queue functions run as usual at
/// host.json's settings. Set up like a new district: a first admin from the bootstrap settings, a town,
/// five communities and staff accounts for each.
/// </summary>
internal sealed class LifecycleSite : IAsyncDisposable
{
    public const string AdminName = "bench-admin";
    public const string AdminPassword = "benchmark admin password 2026";
    public const string StaffPassword = "benchmark staff password 2026";
    private static readonly string[] CommunityNames = ["朝林社区", "东里社区", "北工大社区", "星岛社区", "瀛海社区"];

    private LifecycleSite(AzuriteServer azurite, string connectionString, ManualTimeProvider time, StorageTraffic traffic)
    {
        Azurite = azurite;
        ConnectionString = connectionString;
        Time = time;
        Traffic = traffic;
    }

    public AzuriteServer Azurite { get; }

    public string ConnectionString { get; }

    public ManualTimeProvider Time { get; }

    public StorageTraffic Traffic { get; }

    /// <summary>The in-process app; null once <see cref="StopAppAsync"/> ran.</summary>
    public TestApp? App { get; private set; }

    public IServiceProvider Services => App!.Services;

    public string TownId { get; private set; } = string.Empty;

    public IReadOnlyList<Community> Communities { get; private set; } = [];

    /// <summary>The district admin as the app's services see a signed-in staff member (dispatches the seeded requests).</summary>
    public Actor Admin { get; private set; } = null!;

    /// <summary>Settings both the in-process app and the app process get.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Bootstrap:AdminUsername"] = AdminName,
        ["Bootstrap:AdminPassword"] = AdminPassword,
        // Every HTTP client of the benchmark signs in from 127.0.0.1 (default: 10 a minute).
        ["Identity:SignInAttemptsPerMinute"] = "100000",
    };

    public static async Task<LifecycleSite> StartAsync()
    {
        var azurite = await AzuriteServer.StartAsync(new AzuriteOptions { AccountPoolSize = 0 });
        var connectionString = azurite.Account(azurite.AccountKeys[0]).ConnectionString;
        var traffic = new StorageTraffic(azurite.Ports);
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var site = new LifecycleSite(azurite, connectionString, time, traffic);
        site.App = await MeasuredApp.StartAsync(connectionString, Settings, time, traffic);
        await site.SetUpDistrictAsync();
        return site;
    }

    /// <summary>Messages (hidden or not) in the timer queue: one per deadline armed and not yet fired by its message.</summary>
    public async Task<int> TimerMessagesAsync() =>
        (await StorageClients.Queues(ConnectionString).GetQueueClient(TimerScheduling.QueueName).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>A signed-in staff member of the in-process app.</summary>
    public Task<SiteClient> SignInAsync(string username, string password) => SignInWhenReadyAsync(App!.Address, username, password);

    /// <summary>Creates a staff account through the admin API.</summary>
    public static async Task CreateUserAsync(SiteClient admin, string username, string role, string? scopeId) =>
        await admin.CreateAsync("/api/admin/users", new { username, displayName = username, role, scopeId, password = StaffPassword });

    /// <summary>Signs in, waiting a little for the first admin the app creates in the background at startup.</summary>
    public static async Task<SiteClient> SignInWhenReadyAsync(Uri address, string username, string password)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SiteClient.SignedInAsync(address, username, password);
            }
            catch (InvalidOperationException) when (attempt < 60)
            {
                await Task.Delay(500);
            }
        }
    }

    public async Task StopAppAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
            App = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        await Azurite.DisposeAsync();
        Traffic.Dispose();
    }

    private async Task SetUpDistrictAsync()
    {
        using var admin = await SignInAsync(AdminName, AdminPassword);
        TownId = await admin.CreateAsync("/api/admin/towns", new { name = "亦庄镇" });
        var communities = new List<Community>();
        foreach (var name in CommunityNames)
        {
            communities.Add(new Community(await admin.CreateAsync("/api/admin/communities", new { name, townId = TownId }), name));
        }

        Communities = communities;
        var account = await Services.GetRequiredService<UserStore>().FindAsync(Usernames.Normalize(AdminName), CancellationToken.None)
            ?? throw new InvalidOperationException("The bootstrap admin is missing.");
        Admin = Actor.Of(StaffSession.ToPrincipal(account, "benchmark"));
    }

    /// <summary>The name of the <paramref name="index"/>th staff member of a community.</summary>
    public static string StaffName(int community, int index) => string.Create(CultureInfo.InvariantCulture, $"c{community}-staff{index}");
}
