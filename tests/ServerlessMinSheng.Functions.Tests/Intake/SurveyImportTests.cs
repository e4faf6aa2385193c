using System.Net;
using System.Text;
using System.Text.Json;
using ServerlessMinSheng.Functions.Intake;
using static ServerlessMinSheng.Functions.Tests.Intake.IntakeTestData;
using static ServerlessMinSheng.Functions.Tests.Intake.SurveyFiles;

namespace ServerlessMinSheng.Functions.Tests.Intake;

/// <summary>
/// The year-end survey upload: the file goes to Blob storage, rows become triaged requests, bad rows are
/// reported by line. An import is keyed by the file's content, so every test writes a unique marker into its file.
/// </summary>
public class SurveyImportTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private IntakeTestApp Site => fixture.Site;

    [Fact]
    public async Task ACsvImportsItsGoodRowsAsTriagedRequestsAndReportsTheBadOnesByLine()
    {
        var m = Unique();
        var csv = $"""
            标题,内容,社区,地址,电话,公开
            楼道照明{m},3号楼楼道的灯坏了很久，晚上上下楼不方便,朝林社区,3号楼,,是
            ,"希望小区增加几处休息座椅，
            方便老人遛弯歇脚{m}",东里社区,,13812345678,否
            没有内容{m},,朝林社区,,,是
            社区不存在{m},路面有坑,火星社区,,,是
            电话不对{m},井盖丢了,朝林社区,,12345,是
            "含""引号""的标题{m}",垃圾桶满了三天没人清运,{Site.CommunityId},,,是

            """;

        using var response = await UploadAsync(Site.Admin, Utf8WithBom(csv), "年度问卷.csv");
        var accepted = Json(await response.Content.ReadAsStringAsync());
        var report = await WaitForImportAsync(accepted.GetProperty("importId").GetString()!);
        var importId = report.GetProperty("importId").GetString()!;
        var stored = (await Site.StoredRequestsAsync(r => r.ImportId == importId)).OrderBy(r => r.ImportLine).ToList();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(accepted.GetProperty("duplicate").GetBoolean());
        Assert.Equal("done", report.GetProperty("status").GetString());
        Assert.Equal("年度问卷.csv", report.GetProperty("fileName").GetString());
        Assert.Equal((6, 3, 3), (report.GetProperty("totalRows").GetInt32(), report.GetProperty("importedRows").GetInt32(), report.GetProperty("rejectedRows").GetInt32()));
        Assert.Equal((1, 1), (report.GetProperty("chunksTotal").GetInt32(), report.GetProperty("chunksDone").GetInt32()));
        var rejected = report.GetProperty("rejected").EnumerateArray().Select(r => (Line: r.GetProperty("line").GetInt32(), Reason: r.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal([5, 6, 7], rejected.Select(r => r.Line));
        Assert.Contains("请描述", rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("火星社区", rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("电话", rejected[2].Reason, StringComparison.Ordinal);

        Assert.Equal([2, 3, 8], stored.Select(r => r.ImportLine));
        Assert.All(stored, r => Assert.Equal((Channel.Survey, RequestStatus.Triaged), (r.Channel, r.Status)));
        Assert.Equal(($"楼道照明{m}", "3号楼", true), (stored[0].Title, stored[0].Address, stored[0].IsPublic));
        Assert.Equal(("希望小区增加几处休息座椅，", $"希望小区增加几处休息座椅，\n方便老人遛弯歇脚{m}", Site.OtherCommunityId, false), (stored[1].Title, stored[1].Description, stored[1].CommunityId, stored[1].IsPublic));
        Assert.NotNull(stored[1].ProtectedContact);
        Assert.Equal($"含\"引号\"的标题{m}", stored[2].Title);
        var tracked = await Site.Admin.GetJsonAsync<JsonElement>($"/api/requests/{stored[0].Code}");
        Assert.Equal(("triaged", "survey"), (tracked.GetProperty("status").GetString(), tracked.GetProperty("channel").GetString()));
        Assert.NotNull(tracked.GetProperty("theme").GetString());
        await Site.TriageQueueAsync(Site.CommunityId, stored[0].Code, stored[2].Code);

        var listed = (await Site.Admin.GetJsonAsync<JsonElement>("/api/imports")).EnumerateArray().Single(i => i.GetProperty("importId").GetString() == importId);
        Assert.Equal(("done", 3), (listed.GetProperty("status").GetString(), listed.GetProperty("importedRows").GetInt32()));
    }

    [Fact]
    public async Task UploadingTheSameFileAgainCreatesNoDuplicates()
    {
        var m = Unique();
        var file = Encoding.UTF8.GetBytes($"内容,社区\n小区门口的健身器材坏了{m},朝林社区\n地下车库漏水{m},东里社区\n");
        using var first = await UploadAsync(Site.Admin, file, "survey.csv");
        var importId = Json(await first.Content.ReadAsStringAsync()).GetProperty("importId").GetString()!;
        await WaitForImportAsync(importId);

        using var again = await UploadAsync(Site.Admin, file, "survey.csv");
        using var renamed = await UploadAsync(Site.Admin, file, "survey-copy.csv");
        var againBody = Json(await again.Content.ReadAsStringAsync());
        var renamedBody = Json(await renamed.Content.ReadAsStringAsync());
        await Task.Delay(TimeSpan.FromSeconds(1)); // Time for a wrongly queued second import to store rows.

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((importId, true, "done"), (againBody.GetProperty("importId").GetString(), againBody.GetProperty("duplicate").GetBoolean(), againBody.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(importId, renamedBody.GetProperty("importId").GetString());
        Assert.Equal(2, (await Site.StoredRequestsAsync(r => r.Description.Contains(m, StringComparison.Ordinal))).Count);
        Assert.Single((await Site.Admin.GetJsonAsync<JsonElement>("/api/imports")).EnumerateArray(), i => i.GetProperty("importId").GetString() == importId);
    }

    [Fact]
    public async Task ATsvWithEnglishHeadersInAnyOrderIsImported()
    {
        var m = Unique();
        var tsv = $"community\tphone\tdescription\ttitle\tpublic\r\n朝林社区\t010-12345678\t小区里流浪猫太多，晚上叫声扰民, 希望处理{m}\t流浪猫\tyes\r\n东里社区\t\t\t空内容\tno\r\n";

        using var response = await UploadAsync(Site.Admin, Encoding.UTF8.GetBytes(tsv), "survey.tsv");
        var report = await WaitForImportAsync(Json(await response.Content.ReadAsStringAsync()).GetProperty("importId").GetString()!);
        var stored = Assert.Single(await Site.StoredRequestsAsync(r => r.ImportId == report.GetProperty("importId").GetString()));

        Assert.Equal((2, 1, 1), (report.GetProperty("totalRows").GetInt32(), report.GetProperty("importedRows").GetInt32(), report.GetProperty("rejectedRows").GetInt32()));
        Assert.Equal(3, report.GetProperty("rejected")[0].GetProperty("line").GetInt32());
        Assert.Equal(("流浪猫", $"小区里流浪猫太多，晚上叫声扰民, 希望处理{m}", Site.CommunityId, true), (stored.Title, stored.Description, stored.CommunityId, stored.IsPublic));
        Assert.Equal(2, stored.ImportLine);
    }

    [Fact]
    public async Task AGb18030CsvAsExcelSavesItOnChineseWindowsIsDecoded()
    {
        var m = Unique();
        var text = $"标题,内容,社区\r\n垃圾分类{m},希望垃圾分类点位增加洗手池，𠮷字也要认得,东里社区\r\n路灯,小区南门路灯不亮,西里社区\r\n";
        var bytes = Gb18030().GetBytes(text);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes)); // Really not UTF-8.

        using var response = await UploadAsync(Site.Admin, bytes, "问卷-GB18030.csv");
        var report = await WaitForImportAsync(Json(await response.Content.ReadAsStringAsync()).GetProperty("importId").GetString()!);
        var stored = Assert.Single(await Site.StoredRequestsAsync(r => r.ImportId == report.GetProperty("importId").GetString()));

        Assert.Equal($"垃圾分类{m}", stored.Title);
        Assert.Equal("希望垃圾分类点位增加洗手池，𠮷字也要认得", stored.Description);
        Assert.Equal(Site.OtherCommunityId, stored.CommunityId);
        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal(3, rejected.GetProperty("line").GetInt32());
        Assert.Contains("西里社区", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnXlsxWorkbookIsImportedWithSpreadsheetRowNumbers()
    {
        var m = Unique();
        var workbook = Xlsx(
            "问卷结果",
            [
                (1, ["社区", "标题", "意见建议", "联系电话"]),
                (2, ["朝林社区", $"充电桩{m}", "小区电动车没地方充电，希望安装充电桩", null]),
                (4, ["东里社区", null, $"东里社区老年食堂饭菜太贵{m}", 13812345678L]),
                (6, ["月亮社区", "无效", "社区不存在", null]),
            ]);

        using var response = await UploadAsync(Site.Admin, workbook, "问卷结果.xlsx");
        var report = await WaitForImportAsync(Json(await response.Content.ReadAsStringAsync()).GetProperty("importId").GetString()!);
        var stored = (await Site.StoredRequestsAsync(r => r.ImportId == report.GetProperty("importId").GetString())).OrderBy(r => r.ImportLine).ToList();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("done", 3, 2, 1), (report.GetProperty("status").GetString(), report.GetProperty("totalRows").GetInt32(), report.GetProperty("importedRows").GetInt32(), report.GetProperty("rejectedRows").GetInt32()));
        Assert.Equal(6, Assert.Single(report.GetProperty("rejected").EnumerateArray()).GetProperty("line").GetInt32());
        Assert.Equal([2, 4], stored.Select(r => r.ImportLine));
        Assert.Equal(($"充电桩{m}", "小区电动车没地方充电，希望安装充电桩", Site.CommunityId), (stored[0].Title, stored[0].Description, stored[0].CommunityId));
        Assert.Equal(($"东里社区老年食堂饭菜太贵{m}", Site.OtherCommunityId), (stored[1].Title, stored[1].CommunityId));
        var detail = await Site.Admin.GetJsonAsync<JsonElement>($"/api/staff/requests/{stored[1].Code}");
        Assert.Equal("13812345678", detail.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task AFileWithoutTheRequiredColumnsFailsWithAReason()
    {
        using var response = await UploadAsync(Site.Admin, Encoding.UTF8.GetBytes($"姓名,年龄\n张三{Unique()},30\n"), "wrong.csv");
        var report = await WaitForImportAsync(Json(await response.Content.ReadAsStringAsync()).GetProperty("importId").GetString()!);

        Assert.Equal("failed", report.GetProperty("status").GetString());
        Assert.Contains("表头", report.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Site.StoredRequestsAsync(r => r.ImportId == report.GetProperty("importId").GetString()));
    }

    [Theory]
    [InlineData("a PNG picture", "photo.png", "unsupported_file")]
    [InlineData("a PNG picture renamed to .csv", "photo.csv", "unsupported_file")]
    [InlineData("a CSV renamed to .xlsx", "survey.xlsx", "unsupported_file")]
    [InlineData("a PDF", "survey.pdf", "unsupported_file")]
    [InlineData("a file without an extension", "survey", "unsupported_file")]
    [InlineData("an empty file", "survey.csv", "no_file")]
    [InlineData("a file of 20 MB and one byte", "survey.csv", "file_too_large")]
    public async Task AFileThatIsNotASurveySpreadsheetIsRefusedAndNoImportIsCreated(string fault, string fileName, string code)
    {
        var csv = Encoding.UTF8.GetBytes($"内容,社区\n井盖丢了{Unique()},朝林社区\n");
        var bytes = fault switch
        {
            "a PNG picture" or "a PNG picture renamed to .csv" => Png(),
            "a CSV renamed to .xlsx" or "a file without an extension" => csv,
            "a PDF" => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"),
            "an empty file" => [],
            "a file of 20 MB and one byte" => Padded(csv, (20 * 1024 * 1024) + 1),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
        };

        using var response = await UploadAsync(Site.Admin, bytes, fileName);
        var problem = await ApiClient.ProblemAsync(response);
        using var lookup = await Site.Admin.GetAsync($"/api/imports/{ImportIdOf(bytes)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task AnUploadWithoutAFileIsRefused()
    {
        using var form = new MultipartFormDataContent { { new StringContent("朝林社区"), "community" } };
        using var noFile = await Site.Admin.SendMultipartAsync("/api/imports", form);
        using var notAForm = await Site.Admin.PostAsync("/api/imports", new { file = "内容,社区" });

        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Equal("no_file", (await ApiClient.ProblemAsync(noFile)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notAForm.StatusCode);
        Assert.Equal("bad_request", (await ApiClient.ProblemAsync(notAForm)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("community_staff", HttpStatusCode.Forbidden, "forbidden")]
    [InlineData(null, HttpStatusCode.Unauthorized, "unauthenticated")]
    public async Task ACallerWithoutTheImportCapabilityIsRefused(string? role, HttpStatusCode status, string code)
    {
        var bytes = Encoding.UTF8.GetBytes($"内容,社区\n小区绿化带被占用种菜{Unique()},朝林社区\n");
        var staff = role is null ? null : await fixture.StaffAsync(role, Site.CommunityId);
        using var anonymous = new ApiClient(Site.App.Address);

        using var response = await UploadAsync(staff?.Client ?? anonymous, bytes, "survey.csv");
        using var lookup = await Site.Admin.GetAsync($"/api/imports/{ImportIdOf(bytes)}");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await ApiClient.ProblemAsync(response)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task TownStaffImportIntoTheCommunitiesOfTheirTownOnly()
    {
        var otherTown = await Identity.IdentityTestApp.CreateAsync(Site.Admin, "/api/admin/towns", new { name = "测试镇" + Unique() });
        var elsewhere = await Site.NewCommunityAsync(otherTown);
        var staff = await fixture.StaffAsync("town_staff", Site.TownId);

        using var response = await UploadAsync(staff.Client, Encoding.UTF8.GetBytes($"内容,社区\n小区里缺少无障碍坡道{Unique()},朝林社区\n别的镇的诉求,{elsewhere}\n"), "town.csv");
        var report = await WaitForImportAsync(Json(await response.Content.ReadAsStringAsync()).GetProperty("importId").GetString()!);
        var stored = await Site.StoredRequestsAsync(r => r.ImportId == report.GetProperty("importId").GetString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal([Site.CommunityId], stored.Select(r => r.CommunityId));
        Assert.Equal(3, Assert.Single(report.GetProperty("rejected").EnumerateArray()).GetProperty("line").GetInt32());
    }

    private static async Task<HttpResponseMessage> UploadAsync(ApiClient client, byte[] bytes, string fileName)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        return await client.SendMultipartAsync("/api/imports", form);
    }

    private Task<JsonElement> WaitForImportAsync(string importId) => Eventually.ReturnsAsync(
        () => Site.Admin.GetJsonAsync<JsonElement>($"/api/imports/{importId}"),
        r => r.GetProperty("status").GetString() is "done" or "failed",
        $"import {importId} to finish");
}
