using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServerlessMinSheng.Functions.Demo;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Projects;
using ServerlessMinSheng.Functions.Rankings;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;
using Xunit.Abstractions;

namespace ServerlessMinSheng.Functions.Tests.Demo;

/// <summary>The demo seeded into a fresh Azurite account, as <c>./run.sh --demo</c> seeds it, then read back through storage and the API.</summary>
public class DemoSeedTests(ITestOutputHelper log)
{
    private static readonly string[] RequestStates =
    [
        "triaged", "triaged:unreviewed", "triaged:returned", "dispatched", "dispatched:level1", "dispatched:level2", "signed", "signed:level1", "signed:level2",
        "replied", "closed:rated", "closed:unrated", "duplicate", "merged",
    ];

    [Fact]
    public async Task TheDemoHoldsEveryStateEscalationsAtBothLevelsRankingsAndAccountsThatSignIn()
    {
        var output = new StringWriter();
        var settings = new Dictionary<string, string>(TestApp.FastRuntime)
        {
            ["Demo:Enabled"] = "true",
            ["Identity:SignInAttemptsPerMinute"] = "1000",
        };
        var connection = (await SharedAzurite.NewAccountAsync()).ConnectionString;
        var seeding = Stopwatch.StartNew();
        await using var app = await TestApp.StartAsync(connection, settings, builder => builder.Services.AddSingleton(new DemoOutput(output)));
        log.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:0.0} s");
        log.WriteLine(output.ToString());

        var counts = await DemoCounts.ReadAsync(app.Services.GetRequiredService<AppTables>(), CancellationToken.None);
        var accounts = PrintedAccounts(output.ToString());
        using var admin = await ApiClient.SignedInAsync(app, "admin", accounts["admin"]);
        using var town = await ApiClient.SignedInAsync(app, "qinghe-jd", accounts["qinghe-jd"]);
        var district = Items(await admin.GetJsonAsync<JsonElement>("/api/escalations"));
        var townInbox = Items(await town.GetJsonAsync<JsonElement>("/api/escalations"));
        var board = await admin.GetJsonAsync<JsonElement>("/api/projects");
        var triageQueue = (await admin.GetJsonAsync<JsonElement>("/api/triage")).GetProperty("items").GetArrayLength();
        var import = (await admin.GetJsonAsync<JsonElement>("/api/imports")).EnumerateArray().Single();
        var importReport = await admin.GetJsonAsync<JsonElement>($"/api/imports/{import.GetProperty("importId").GetString()}");
        var unsigned = district.First(e => e.GetProperty("lifecycle").GetString() == "request" && e.GetProperty("reason").GetString()!.EndsWith("超时未签收", StringComparison.Ordinal));
        var history = (await admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{unsigned.GetProperty("key").GetString()}/handling")).GetProperty("history").EnumerateArray().ToList();
        var dispatchedAt = history.Last(h => h.GetProperty("action").GetString() == "dispatch").GetProperty("at").GetDateTimeOffset();
        var escalatedAt = history.Where(h => h.GetProperty("action").GetString() == "escalate_sign").Select(h => h.GetProperty("at").GetDateTimeOffset()).ToList();
        var (rated, ratingClosed) = await UnratedRequestAsync(app);
        var (milestoneDue, milestoneEscalated) = await LateMilestoneAsync(app);
        var rankings = await app.Services.GetRequiredService<AppTables>().GetAsync(RankingEntity.TableName);
        var rankingRows = await rankings.QueryAsync<TableEntity>(select: ["PartitionKey"]).CountAsync();

        Assert.All(RequestStates, state => Assert.True(counts.Request(state) > 0, $"no request is {state}: {Describe(counts.Requests)}"));
        Assert.InRange(counts.RequestTotal, 250, 400);
        Assert.Equal(counts.Request("triaged:unreviewed"), triageQueue); // Requests merged into projects were reviewed first.
        // The year-end survey went through the upload and both import functions: listed as done with its counts, its rejected rows with reasons.
        Assert.Equal((DemoSurveyImport.FileName, "done"), (import.GetProperty("fileName").GetString(), import.GetProperty("status").GetString()));
        Assert.Equal((DemoSurveyImport.Rows, DemoSurveyImport.Rows - DemoSurveyImport.Rejected, DemoSurveyImport.Rejected),
            (import.GetProperty("totalRows").GetInt32(), import.GetProperty("importedRows").GetInt32(), import.GetProperty("rejectedRows").GetInt32()));
        Assert.Equal(
            ["没有社区“青禾花园社区”", "该社区不在上传人的工作范围内", "请描述您遇到的问题或建议"],
            importReport.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!).ToArray());
        Assert.All(ProjectLifecycle.Table.States, state => Assert.True(counts.Projects.GetValueOrDefault(state.Name) > 0, $"no project is {state.Name}: {Describe(counts.Projects)}"));
        Assert.Contains(district, e => e.GetProperty("level").GetInt32() == 2 && e.GetProperty("lifecycle").GetString() == "request");
        Assert.Contains(townInbox, e => e.GetProperty("level").GetInt32() == 1 && e.GetProperty("lifecycle").GetString() == "request");
        // The sweep escalated it when its deadlines fell due on the demo's clock: 2 h after dispatch to the town, 2 h later to the district.
        Assert.Equal(2, escalatedAt.Count);
        Assert.InRange(escalatedAt[0] - dispatchedAt, TimeSpan.FromHours(2), TimeSpan.FromHours(2.05));
        Assert.InRange(escalatedAt[1] - escalatedAt[0], TimeSpan.FromHours(2), TimeSpan.FromHours(2.05));
        Assert.True(board.GetArrayLength() > 0 || board.TryGetProperty("items", out _), board.ToString());
        Assert.InRange(ratingClosed - rated, TimeSpan.FromDays(7), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(3));
        Assert.InRange(milestoneEscalated - milestoneDue, TimeSpan.Zero, TimeSpan.FromMinutes(3));
        Assert.True(rankingRows > 0, "the ranking job wrote no rankings");
        Assert.Equal(28, accounts.Count);
        var refused = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(accounts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (account, _) =>
        {
            using var client = new ApiClient(app.Address);
            using var signIn = await client.SignInAsync(account.Key, account.Value);
            if (signIn.StatusCode != HttpStatusCode.OK)
            {
                refused.Add($"{account.Key}: {(int)signIn.StatusCode}");
            }
        });
        Assert.True(refused.IsEmpty, $"printed passwords that do not sign in: {string.Join(", ", refused)}");
    }

    /// <summary>A request closed because nobody rated it: when it was replied to, and when the rating window closed it.</summary>
    private static async Task<(DateTimeOffset Replied, DateTimeOffset Closed)> UnratedRequestAsync(TestApp app)
    {
        var table = await app.Services.GetRequiredService<AppTables>().GetAsync(ResidentRequest.TableName);
        var request = await table.QueryAsync<ResidentRequest>(TableClient.CreateQueryFilter($"CloseReason eq {"unrated"}")).FirstAsync();
        var history = await app.Services.GetRequiredService<RequestHandling>().HistoryAsync(request, CancellationToken.None);
        return (history.Last(e => e.Action == RequestLifecycle.Reply).At, history.Single(e => e.Action == RequestLifecycle.CloseUnrated).At);
    }

    /// <summary>The executing project whose milestone is late: the milestone's due time, and when the sweep escalated it.</summary>
    private static async Task<(DateTimeOffset Due, DateTimeOffset Escalated)> LateMilestoneAsync(TestApp app)
    {
        var projects = app.Services.GetRequiredService<ProjectService>();
        var board = await app.Services.GetRequiredService<AppTables>().GetAsync(BoardRow.TableName);
        var row = await board.QueryAsync<BoardRow>().FirstAsync(r => r.Title == DemoProjectTexts.Projects.Single(p => p.Fate == DemoProjectFate.LateMilestone).Title);
        var project = (await projects.FindAsync(row.RowKey, CancellationToken.None))!;
        var late = (await projects.RowsAsync(project.Id, ProjectRow.MilestonePrefix, CancellationToken.None)).Single(m => m.Escalated);
        var escalated = (await projects.HistoryAsync(project, CancellationToken.None)).Single(e => e.Action == ProjectLifecycle.EscalateMilestone);
        return (late.DueAt!.Value, escalated.At);
    }

    /// <summary>The rows of the printed accounts table: user name → password.</summary>
    private static Dictionary<string, string> PrintedAccounts(string printed)
    {
        var lines = printed.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.FindIndex(l => l.TrimStart().StartsWith("用户名", StringComparison.Ordinal));
        Assert.True(header >= 0, $"no accounts table in the output:\n{printed}");
        return lines.Skip(header + 2).TakeWhile(l => l.Trim().Length > 0)
            .Select(l => Regex.Split(l.Trim(), @"\s{2,}"))
            .ToDictionary(cells => cells[0], cells => cells[^1], StringComparer.Ordinal);
    }

    private static List<JsonElement> Items(JsonElement inboxes) => inboxes.EnumerateArray().SelectMany(i => i.GetProperty("items").EnumerateArray()).ToList();

    private static string Describe(IReadOnlyDictionary<string, int> counts) => string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
}
