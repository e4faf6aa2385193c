using ServerlessMinSheng.Functions.Registry;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Rankings.Benchmarks;

/// <summary>
/// Azurite on disk (three processes, as ./run.sh starts it) and the real app in this process on a
/// clock fixed at 02:00 local on 21 November 2026 — the nightly job's hour — so "yesterday" is
/// 20 November. Every storage call of the app is counted; the app's own timer functions are left out,
/// so every job run is one the benchmark starts and times.
/// </summary>
internal sealed class RankingSite(AzuriteServer azurite, string connectionString, StorageTraffic traffic, TestApp app) : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 2, 0, 0, TimeSpan.FromHours(8));

    private static readonly string[] TownNames =
    [
        "亦庄镇", "旧宫镇", "瀛海镇", "台湖镇", "马驹桥镇", "西红门镇", "黄村镇", "青云店镇", "采育镇", "长子营镇",
        "榆垡镇", "庞各庄镇", "北臧村镇", "魏善庄镇", "安定镇", "礼贤镇", "天宫院街道", "高米店街道", "清源街道", "观音寺街道",
    ];

    private static readonly string[] CommunityNames =
    [
        "朝林", "东里", "北工大", "星岛", "瀛海", "富源", "康盛", "兴华", "枣园", "林校", "三合", "海子角",
        "金星", "香海园", "宜兴", "清澄", "车站", "建兴", "康隆", "兴政", "首创", "明悦湾", "新源", "德茂",
        "绿地", "鹿海园", "四季星河", "景园", "博客雅苑", "天华园", "荣华", "泰河园", "地泽", "大族", "亦城", "通泰",
    ];

    private static readonly string[] DepartmentNames =
    [
        "城市管理委员会", "住房和城乡建设委员会", "水务局", "交通局", "生态环境局", "市场监督管理局", "卫生健康委员会",
        "教育委员会", "民政局", "人力资源和社会保障局", "公安分局", "园林绿化局", "商务局", "文化和旅游局", "应急管理局",
        "农业农村局", "规划和自然资源分局", "医疗保障局", "退役军人事务局", "城管执法局",
    ];

    public AzuriteServer Azurite => azurite;

    public string ConnectionString => connectionString;

    public StorageTraffic Traffic => traffic;

    public IServiceProvider Services => app.Services;

    /// <summary>The ranked units, towns first, then communities (town by town), then departments.</summary>
    public IReadOnlyList<MetricSubject> Units { get; private set; } = [];

    /// <summary>Starts Azurite and the app at host.json's settings (not the fast polling tests use).</summary>
    public static async Task<RankingSite> StartAsync()
    {
        var azurite = await AzuriteServer.StartAsync(new AzuriteOptions { AccountPoolSize = 0 });
        var connectionString = azurite.Account(azurite.AccountKeys[0]).ConnectionString;
        var traffic = new StorageTraffic(azurite.Ports);
        var app = await MeasuredApp.StartAsync(connectionString, new Dictionary<string, string>(), new ManualTimeProvider(Now), traffic);
        return new RankingSite(azurite, connectionString, traffic, app);
    }

    /// <summary>
    /// Registers <paramref name="towns"/> towns with <paramref name="communitiesPerTown"/> communities
    /// each, and <paramref name="departments"/> departments, through the app's registry (one transaction
    /// a unit, as the admin API does), 8 at a time.
    /// </summary>
    public async Task RegisterUnitsAsync(int towns, int communitiesPerTown, int departments)
    {
        var registry = Services.GetRequiredService<UnitRegistry>();
        var townUnits = await CreateAllAsync(registry, UnitKind.Town, Enumerable.Range(0, towns).Select(t => (Name(TownNames, t), (string?)null)));
        var communities = townUnits.SelectMany((town, t) => Enumerable.Range(0, communitiesPerTown).Select(c => (Name(CommunityNames, communitiesPerTown <= CommunityNames.Length ? ((t * 7) + c) % CommunityNames.Length : c) + "社区", (string?)town.Id)));
        var communityUnits = await CreateAllAsync(registry, UnitKind.Community, communities);
        var departmentUnits = await CreateAllAsync(registry, UnitKind.Department, Enumerable.Range(0, departments).Select(d => ("区" + Name(DepartmentNames, d), (string?)null)));
        Units =
        [
            .. townUnits.Select(t => new MetricSubject(RankingLevels.Town, t.Id, t.Name)),
            .. communityUnits.Select(c => new MetricSubject(RankingLevels.Community, c.Id, c.Name, c.ParentId)),
            .. departmentUnits.Select(d => new MetricSubject(RankingLevels.Department, d.Id, d.Name)),
        ];
    }

    /// <summary>A table of the same account, outside the app and its traffic counter (for checks and clean-up).</summary>
    public TableClient Table(string name) => new(ConnectionString, name);

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await azurite.DisposeAsync();
        traffic.Dispose();
    }

    /// <summary>The i-th name of a list, numbered once the list runs out ("亦庄镇2").</summary>
    private static string Name(string[] names, int i) => i < names.Length ? names[i] : names[i % names.Length] + (i / names.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<Unit>> CreateAllAsync(UnitRegistry registry, UnitKind kind, IEnumerable<(string Name, string? ParentId)> units)
    {
        var list = units.ToList();
        var created = new Unit[list.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var change = await registry.CreateAsync(kind, list[i].Name, list[i].ParentId, null, ct);
            created[i] = change is RegistryChange.Done done ? done.Unit : throw new InvalidOperationException($"Registering {kind} {list[i].Name} gave {change}.");
        });
        return created;
    }
}
