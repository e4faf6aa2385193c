using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Rankings;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>
/// The app on a clock stopped at 2026-11-01 10:00 (Shanghai), so yesterday is 31 October, with one town
/// of five communities whose September and October counts are written straight into the aggregates
/// and ranked by the job through the admin API. Every expected number can be worked out by hand:
/// <code>
///            September (rated = dispatched = 10)   October
/// 朝林社区    9 signed, 9 resolved, 9 satisfied   19/20 signed, 17/20 resolved, 19/20 satisfied (15 + 4 basically; 1 not)
/// 瀛海社区    10, 10, 10                           9/10, 8/10, 8/10  ┐ the same counts: a tie for 2nd
/// 鹿海园社区  8, 8, 8                              9/10, 8/10, 8/10  ┘
/// 新建社区    –                                    2/2, 2/2, 2/2 — 100%, but two samples: 4th
/// 博兴社区    –                                    – (无数据)
/// </code>
/// Composite (30/35/35): 朝林 0.3×0.95 + 0.35×0.85 + 0.35×0.95 = 0.915; 瀛海, 鹿海园 0.83; 新建 1.0.
/// Three of 朝林社区's October ratings are recorded as facts with their requests (the 'drags').
/// </summary>
public sealed class RankingSite : IAsyncLifetime
{
    public const string AdminName = "admin";
    public const string Password = "考评排名浏览器测试的长密码";
    public const string CommunityWorker = "chaolin.liu";
    public const string Town = "亦庄镇";
    public const string Chaolin = "朝林社区";
    public const string Yinghai = "瀛海社区";
    public const string Luhaiyuan = "鹿海园社区";
    public const string Xinjian = "新建社区";
    public const string Boxing = "博兴社区";

    private TestApp? _app;

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.FromHours(8)));

    public TestApp App => _app ?? throw new InvalidOperationException("not started");

    public Dictionary<string, string> Ids { get; } = [];

    /// <summary>朝林社区's requests rated unresolved in October: code → title, newest rating first.</summary>
    public List<(string Code, string Title)> Drags { get; } = [];

    public string Url(string path) => new Uri(App.Address, path).ToString();

    public async Task InitializeAsync()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var settings = new Dictionary<string, string>(TestApp.FastRuntime) { ["Identity:SignInAttemptsPerMinute"] = "1000" };
        _app = await TestApp.StartAsync(account.ConnectionString, settings, builder => builder.Services.AddSingleton<TimeProvider>(Time), webRoot: RepositoryPaths.Combine("web", "dist"));
        await FirstAdmin.CreateAsync(
            App.Services.GetRequiredService<UserStore>(), App.Services.GetRequiredService<IPasswordHasher<UserAccount>>(), Time, AdminName, Password, CancellationToken.None);

        using var admin = await ApiClient.SignedInAsync(App.Address, AdminName, Password);
        var town = (await admin.PostJsonAsync("/api/admin/towns", new { name = Town })).GetProperty("id").GetString()!;
        Ids[Town] = town;
        foreach (var name in new[] { Chaolin, Yinghai, Luhaiyuan, Xinjian, Boxing })
        {
            Ids[name] = (await admin.PostJsonAsync("/api/admin/communities", new { name, townId = town })).GetProperty("id").GetString()!;
        }

        await admin.PostJsonAsync("/api/admin/users", new { username = CommunityWorker, displayName = "刘洋", role = "community_staff", scopeId = Ids[Chaolin], password = Password });

        await WriteAggregatesAsync();
        await admin.PostJsonAsync("/api/admin/rankings/run", new { from = "2026-09-30", to = "2026-10-31" });
    }

    public Task SignInAsync(IPage page, string username) => SignIn.AsAsync(page, App.Address, username, Password);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static MetricCounts Counts(int dispatched, int signed, int rated, int resolved, int satisfied, int basically = 0, int unsatisfied = 0) => new()
    {
        Dispatched = dispatched, SignedInTime = signed, Rated = rated, Resolved = resolved, Satisfied = satisfied, BasicallySatisfied = basically, Unsatisfied = unsatisfied,
    };

    private MetricSubject Subject(string name) => new(RankingLevels.Community, Ids[name], name, Ids[Town]);

    private async Task WriteAggregatesAsync()
    {
        var recorder = App.Services.GetRequiredService<MetricRecorder>();
        var ct = CancellationToken.None;

        await recorder.PutMonthAsync(Subject(Chaolin), 2026, 9, new Dictionary<int, MetricCounts> { [10] = Counts(10, 9, 10, 9, 7, 2, 1) }, ct);
        await recorder.PutMonthAsync(Subject(Yinghai), 2026, 9, new Dictionary<int, MetricCounts> { [10] = Counts(10, 10, 10, 10, 10) }, ct);
        await recorder.PutMonthAsync(Subject(Luhaiyuan), 2026, 9, new Dictionary<int, MetricCounts> { [30] = Counts(10, 8, 10, 8, 6, 2, 2) }, ct);

        // 朝林社区's October on its first and last day (both count in October), less the three ratings recorded below.
        await recorder.PutMonthAsync(
            Subject(Chaolin), 2026, 10, new Dictionary<int, MetricCounts> { [1] = Counts(10, 10, 8, 8, 6, 2), [31] = Counts(10, 9, 9, 9, 8, 1) }, ct);
        await recorder.PutMonthAsync(Subject(Yinghai), 2026, 10, new Dictionary<int, MetricCounts> { [15] = Counts(10, 9, 10, 8, 6, 2, 2) }, ct);
        await recorder.PutMonthAsync(Subject(Luhaiyuan), 2026, 10, new Dictionary<int, MetricCounts> { [20] = Counts(10, 9, 10, 8, 6, 2, 2) }, ct);
        await recorder.PutMonthAsync(Subject(Xinjian), 2026, 10, new Dictionary<int, MetricCounts> { [25] = Counts(2, 2, 2, 2, 2) }, ct);

        var bucket = TrackingCode.BucketFor("rankings-browser-test");
        (int Day, string Title, string Satisfaction, MetricCounts Counts, string? Comment)[] rated =
        [
            (12, "楼道灯坏了一个月没人修", "unsatisfied", Counts(0, 0, 1, 0, 0, 0, 1), "说修了但灯还是不亮"),
            (18, "小区门口下雨积水", "basically_satisfied", Counts(0, 0, 1, 0, 0, 1), null),
            (24, "垃圾清运不及时", "satisfied", Counts(0, 0, 1, 0, 1), "态度很好，问题还在"),
        ];
        foreach (var (day, title, satisfaction, counts, comment) in rated)
        {
            var code = TrackingCode.For(bucket, title);
            var ratedAt = new DateTimeOffset(2026, 10, day, 15, 30, 0, TimeSpan.FromHours(8));
            await recorder.RecordAsync(
                new MetricFact($"rating|{code}", Subject(Chaolin), new DateOnly(2026, 10, day), counts, new MetricDrag(code, title, ratedAt, Resolved: false, satisfaction, comment)), ct);
            Drags.Insert(0, (code, title));
        }
    }
}
