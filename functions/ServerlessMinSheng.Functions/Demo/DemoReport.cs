using System.Globalization;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Projects;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>Where the demo's accounts table and summary go: the console, or a test's writer.</summary>
public sealed class DemoOutput(TextWriter writer)
{
    public TextWriter Writer => writer;
}

/// <summary>What the demo holds once seeded, read back from storage (not from the plan), by state.</summary>
public sealed record DemoCounts(IReadOnlyDictionary<string, int> Requests, IReadOnlyDictionary<string, int> Projects)
{
    public int RequestTotal => Requests.Where(r => !r.Key.Contains(':', StringComparison.Ordinal)).Sum(r => r.Value);

    public int ProjectTotal => Projects.Values.Sum();

    public int Request(string key) => Requests.GetValueOrDefault(key);

    /// <summary>Counts requests by state, plus <c>triaged:unreviewed</c>, <c>triaged:returned</c>, <c>{state}:level1/2</c> and <c>closed:{reason}</c>.</summary>
    public static async Task<DemoCounts> ReadAsync(AppTables tables, CancellationToken cancellationToken)
    {
        var requestTable = await tables.GetAsync(ResidentRequest.TableName, cancellationToken);
        var requests = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string key) => requests[key] = requests.GetValueOrDefault(key) + 1;
        var select = new[] { "RowKey", nameof(ResidentRequest.Status), nameof(ResidentRequest.EscalationLevel), nameof(ResidentRequest.CloseReason), nameof(ResidentRequest.ReviewedAt), nameof(ResidentRequest.Returns) };
        await foreach (var row in requestTable.QueryAsync<ResidentRequest>(select: select, cancellationToken: cancellationToken))
        {
            if (row.RowKey.Length != TrackingCode.Length)
            {
                continue; // A history event in the request's partition.
            }

            var state = row.Status.State();
            Count(state);
            if (row.Status == RequestStatus.Triaged && row.ReviewedAt is null)
            {
                Count("triaged:unreviewed");
            }

            if (row.Status == RequestStatus.Triaged && row.Returns > 0)
            {
                Count("triaged:returned");
            }

            if (row.EscalationLevel > 0 && row.Status is RequestStatus.Dispatched or RequestStatus.Signed)
            {
                Count($"{state}:level{row.EscalationLevel}");
            }

            if (row.Status == RequestStatus.Closed)
            {
                Count($"closed:{row.CloseReason}");
            }
        }

        var board = await tables.GetAsync(BoardRow.TableName, cancellationToken);
        var projects = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in board.QueryAsync<BoardRow>(select: ["State"], cancellationToken: cancellationToken))
        {
            projects[row.State] = projects.GetValueOrDefault(row.State) + 1;
        }

        return new DemoCounts(requests, projects);
    }
}

/// <summary>The console table a newcomer reads once: the accounts and their passwords, the partner secrets, what the demo holds.</summary>
public static class DemoReport
{
    public static void Write(TextWriter writer, DemoWorld world, DemoCounts counts, TimeSpan took, string rankings)
    {
        var rule = new string('=', 96);
        writer.WriteLine();
        writer.WriteLine(rule);
        writer.WriteLine(Invariant($"  演示数据已生成（用时 {took.TotalSeconds:0} 秒）。以下密码只显示这一次，系统只保存其哈希值。"));
        writer.WriteLine(rule);
        Table(writer, ["用户名", "角色", "范围", "密码"], world.Accounts.Select(a => new[] { a.Username, a.Role, a.Scope, a.Password }).ToList());
        writer.WriteLine();
        writer.WriteLine("  合作系统（Webhook 签名密钥，见 README 的 12345 示例）：");
        Table(writer, ["系统", "名称", "密钥"], world.Partners.Select(p => new[] { p.Id, p.Name, p.Secret }).ToList());
        writer.WriteLine();
        var r = counts.Request;
        writer.WriteLine(Invariant($"  诉求 {counts.RequestTotal} 条：待审核 {r("triaged:unreviewed")} · 待派单 {r("triaged") - r("triaged:unreviewed")}（其中退回重派 {r("triaged:returned")}）· 待签收 {r("dispatched")}（街道督办 {r("dispatched:level1")} · 区级督办 {r("dispatched:level2")}）"));
        writer.WriteLine(Invariant($"           办理中 {r("signed")}（答复超时督办 {r("signed:level1") + r("signed:level2")}）· 待评价 {r("replied")} · 已办结 {r("closed")}（已评价 {r("closed:rated")} · 评价期满 {r("closed:unrated")}）· 重复件 {r("duplicate")} · 纳入项目 {r("merged")}"));
        writer.WriteLine("  民心微实事 " + counts.ProjectTotal + " 个：" + string.Join(" · ", ProjectLifecycle.Table.States.Where(s => counts.Projects.ContainsKey(s.Name)).Select(s => $"{s.Label} {counts.Projects[s.Name]}")));
        writer.WriteLine($"  排名：{rankings}");
        writer.WriteLine("  登录：/signin（任选上表账号）；公众页面：/projects、/needs-map、/rankings；居民查询：/track/{查询码}");
        writer.WriteLine(rule);
        writer.Flush();
    }

    private static void Table(TextWriter writer, string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(row => Width(row[i])).Append(Width(h)).Max()).ToArray();
        void Line(string[] cells) => writer.WriteLine("  " + string.Join("  ", cells.Select((c, i) => c + new string(' ', widths[i] - Width(c)))).TrimEnd());
        Line(header);
        writer.WriteLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Line(row);
        }
    }

    /// <summary>Columns a string takes in a terminal: Chinese characters and full-width forms take two.</summary>
    public static int Width(string text) => text.Sum(c => c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6') ? 2 : 1);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
