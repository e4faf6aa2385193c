using System.Net;
using System.Text;
using System.Text.Json;
using ServerlessMinSheng.Functions.Intake;
using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Tests;

/// <summary>Nothing lost, nothing doubled: the real app process is killed (SIGKILL) mid-work and started again.</summary>
public class CrashRecoveryTests
{
    private const string AdminPassword = "崩溃恢复测试管理员的密码";

    private static Dictionary<string, string> Environment(string connectionString) => new()
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["Bootstrap__AdminUsername"] = "admin",
        ["Bootstrap__AdminPassword"] = AdminPassword,
        ["Functions__LocalRuntime__VisibilityTimeout"] = "00:00:03",
        ["Functions__LocalRuntime__MaxPollingInterval"] = "00:00:00.250",
        ["Functions__LocalRuntime__RetryDelay"] = "00:00:00.200",
        ["Intake__SubmissionsPerMinute"] = "1000",
        ["Identity__SignInAttemptsPerMinute"] = "1000",
    };

    [Fact]
    public async Task KillingTheAppDuringABulkImportLosesAndDoublesNothing()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var environment = Environment(account.ConnectionString);
        const int rows = 2000; // Four chunks of 500: the kill lands with chunks done, running and queued.
        string importId;
        await using (var first = AppProcess.Start(environment))
        {
            await first.WaitUntilListeningAsync();
            using var admin = await SignInWhenReadyAsync(first.Address);
            var community = await CreateCommunityAsync(admin);
            var csv = new StringBuilder("标题,内容,社区\n");
            for (var line = 0; line < rows; line++)
            {
                csv.Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"第{line}条,小区第{line % 97}号楼门口的路灯坏了，晚上很黑，编号{line},{community}\n"));
            }

            using var upload = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "survey.csv" } };
            using var response = await admin.SendMultipartAsync("/api/imports", upload);
            importId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("importId").GetString()!;

            // Kill once the import is under way: some rows stored (chunks run side by side, so the first may
            // finish only near the end when the machine is busy), whatever else is half done at that moment.
            var requests = StorageClients.Tables(account.ConnectionString).GetTableClient(ResidentRequest.TableName);
            await Eventually.TrueAsync(
                async () =>
                {
                    await Task.Delay(250); // A scan per probe: no need to load Azurite twenty times a second.
                    try
                    {
                        var page = await requests.QueryPageAsync<TableEntity>(TableClient.CreateQueryFilter($"ImportId eq {importId}"), 1, ["RowKey"]);
                        return page.Values.Count > 0;
                    }
                    catch (RequestFailedException ex) when (ex.Status == 404)
                    {
                        return false; // No request stored yet, not even the table.
                    }
                },
                "the first rows to be stored",
                TimeSpan.FromSeconds(300));
            await first.KillAsync();
        }

        await using var second = AppProcess.Start(environment);
        await second.WaitUntilListeningAsync();
        using var again = await SignInWhenReadyAsync(second.Address);
        try
        {
            await Eventually.ReturnsAsync(() => ProgressAsync(again, importId), p => p.Status == "done", "the import to finish after the restart", TimeSpan.FromSeconds(300));
        }
        catch (TimeoutException ex)
        {
            // What the restarted app did is the first thing to read when this fails on a busy machine.
            throw new TimeoutException($"{ex.Message}\nThe restarted app printed (last 6,000 characters):\n{second.Output[^Math.Min(6000, second.Output.Length)..]}", ex);
        }

        var stored = await RequestsAsync(account.ConnectionString, r => r.ImportId == importId);
        Assert.Equal(rows, stored.Count);
        Assert.Equal(rows, stored.Select(r => r.ImportLine).Distinct().Count());
        Assert.All(stored, r => Assert.True(r.Status == RequestStatus.Triaged && r.ProjectedAt is not null, $"{r.Code} (line {r.ImportLine}) is {r.Status}"));
        Assert.Equal(rows, (await ProgressAsync(again, importId)).ImportedRows);
    }

    [Fact]
    public async Task KillingTheAppDuringTriageLosesAndDoublesNothing()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var environment = Environment(account.ConnectionString);
        var codes = new Dictionary<string, string>();
        await using (var first = AppProcess.Start(environment))
        {
            await first.WaitUntilListeningAsync();
            using var admin = await SignInWhenReadyAsync(first.Address);
            var community = await CreateCommunityAsync(admin);
            await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            {
                using var resident = new ApiClient(first.Address);
                var key = $"crash-{i}";
                using var response = await resident.PostAsync("/api/requests", new { title = $"诉求{i}", description = $"楼下餐馆油烟很大，影响居民生活，第{i}件", communityId = community, isPublic = true, idempotencyKey = key });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                var code = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token)).RootElement.GetProperty("trackingCode").GetString()!;
                lock (codes)
                {
                    codes[key] = code;
                }
            });
            await first.KillAsync(); // Straight after the last 202: most triage is still queued or running.
        }

        await using var second = AppProcess.Start(environment);
        await second.WaitUntilListeningAsync();
        using var resident2 = new ApiClient(second.Address);
        foreach (var (key, code) in codes)
        {
            await Eventually.TrueAsync(
                async () => (await resident2.GetJsonAsync<JsonElement>($"/api/requests/{code}")).GetProperty("status").GetString() == "triaged",
                $"{code} to be triaged after the restart",
                TimeSpan.FromSeconds(120));
        }

        var stored = await RequestsAsync(account.ConnectionString, r => r.Channel == Channel.Web);
        Assert.Equal(codes.Count, stored.Count);
        Assert.All(stored, r => Assert.NotNull(r.ProjectedAt));
        var needsMap = await resident2.GetJsonAsync<JsonElement>("/api/needs-map?months=1");
        Assert.Equal(codes.Count, needsMap.GetProperty("cells").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task KillingTheAppMidTransitionLeavesEachRequestBeforeOrAfterItNeverHalf()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var environment = Environment(account.ConnectionString);
        var codes = new List<string>();
        await using (var first = AppProcess.Start(environment))
        {
            await first.WaitUntilListeningAsync();
            using var admin = await SignInWhenReadyAsync(first.Address);
            var community = await CreateCommunityAsync(admin);
            for (var i = 0; i < 40; i++)
            {
                using var response = await admin.PostAsync("/api/requests", new { title = $"路灯{i}", description = $"小区第{i}号楼前的路灯坏了，晚上很黑", communityId = community, isPublic = true });
                codes.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("trackingCode").GetString()!);
            }

            foreach (var code in codes)
            {
                await Eventually.TrueAsync(async () => (await admin.GetJsonAsync<JsonElement>($"/api/requests/{code}")).GetProperty("status").GetString() == "triaged", $"{code} to be triaged");
            }

            // Dispatch all forty at once and kill the process as soon as the first one is through.
            var firstDone = new TaskCompletionSource();
            var dispatches = codes.Select(async code =>
            {
                try
                {
                    using var response = await admin.PostAsync($"/api/staff/requests/{code}/actions/dispatch", new { unitKind = "community", unitId = community });
                    firstDone.TrySetResult();
                }
                catch (HttpRequestException)
                {
                    // The process died under it.
                }
            }).ToList();
            await firstDone.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await first.KillAsync();
            await Task.WhenAll(dispatches);
        }

        var tables = StorageClients.Tables(account.ConnectionString);
        var rows = await tables.GetTableClient(ResidentRequest.TableName).QueryAsync<TableEntity>().ToListAsync();
        var requests = rows.Where(r => !r.RowKey.Contains('~', StringComparison.Ordinal)).ToDictionary(r => r.RowKey);
        var events = rows.Where(r => r.RowKey.Contains('~', StringComparison.Ordinal)).GroupBy(r => r.RowKey.Split('~')[0]).ToDictionary(g => g.Key, g => g.ToList());
        var deadlines = await tables.GetTableClient(Lifecycles.DeadlineIndex.TableName).QueryAsync<TableEntity>().ToListAsync();
        var dispatched = 0;
        foreach (var code in codes)
        {
            var request = requests[code];
            var history = events.GetValueOrDefault(code) ?? [];
            var version = request.GetInt32("Version") ?? 0;
            Assert.Equal(version, history.Count);
            if (version == 0)
            {
                Assert.Equal("Triaged", request.GetString("Status"));
                Assert.Null(request.GetString("AssignedUnitId"));
            }
            else
            {
                dispatched++;
                Assert.Equal("Dispatched", request.GetString("Status"));
                Assert.Equal("dispatch", history.Single().GetString("Action"));
                Assert.NotNull(request.GetString("AssignedUnitId"));
                Assert.Contains(deadlines, d => d.GetString("EntityKey") == code && d.GetString("Timer") == "sign_due"); // Recorded before the commit.
            }
        }

        Assert.InRange(dispatched, 1, codes.Count);
    }

    private static async Task<ApiClient> SignInWhenReadyAsync(Uri address)
    {
        ApiClient? client = null;
        await Eventually.TrueAsync(async () =>
        {
            client?.Dispose();
            client = new ApiClient(address);
            using var response = await client.SignInAsync("admin", AdminPassword);
            return response.IsSuccessStatusCode;
        }, "the bootstrap admin to exist");
        return client!;
    }

    private static async Task<string> CreateCommunityAsync(ApiClient admin)
    {
        using var town = await admin.PostAsync("/api/admin/towns", new { name = "恢复测试镇" });
        var townId = JsonDocument.Parse(await town.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        using var community = await admin.PostAsync("/api/admin/communities", new { name = "恢复测试社区", townId });
        return JsonDocument.Parse(await community.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<(string Status, int ChunksDone, int ImportedRows)> ProgressAsync(ApiClient admin, string importId)
    {
        var report = await admin.GetJsonAsync<JsonElement>($"/api/imports/{importId}");
        return (report.GetProperty("status").GetString()!, report.GetProperty("chunksDone").GetInt32(), report.GetProperty("importedRows").GetInt32());
    }

    private static async Task<List<ResidentRequest>> RequestsAsync(string connectionString, Func<ResidentRequest, bool> where)
    {
        var table = StorageClients.Tables(connectionString).GetTableClient(ResidentRequest.TableName);
        return (await table.QueryAsync<ResidentRequest>().ToListAsync()).Where(where).ToList();
    }
}
