using System.Text;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>梳理整合 as staff do it: the triage queue, a request's detail and review, staff entry, survey import, partners.</summary>
[Collection(BrowserTests.Name)]
public class TriagePagesTests(BrowserFixture browser, SiteFixture site) : IClassFixture<SiteFixture>
{
    [Fact]
    public Task AStaffMemberCorrectsAGradeAndSeesItSaved() => PageChecks.RunAsync(browser.Browser, nameof(AStaffMemberCorrectsAGradeAndSeesItSaved), async page =>
    {
        var areas = await site.AreasAsync();
        var code = await Seed.RequestAsync(site, areas.ChaolinId, "东门路灯坏了", "朝林社区东门的两盏路灯坏了两个星期，晚上很黑，希望尽快修好。", phone: "13912345678");
        await Seed.TriagedThemeAsync(site, code);

        await SignIn.AsAsync(page, site, SeededAreas.CommunityWorker, SeededAreas.WorkerPassword);
        await SignIn.MenuAsync(page, "诉求分拣");
        var displayCode = $"{code[..5]}-{code[5..]}";
        await page.GetByRole(AriaRole.Link, new() { Name = displayCode }).WaitForAsync();
        await PageChecks.AssertPageAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = displayCode }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "确认或更正" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "13912345678" }).WaitForAsync();
        var grade = page.GetByLabel("分级", new() { Exact = true });
        var corrected = await grade.InputValueAsync() == "A" ? "B" : "A";
        await grade.SelectOptionAsync(corrected);
        await page.GetByRole(AriaRole.Button, new() { Name = "确认分拣" }).ClickAsync();

        await page.Locator("#review-alert.alert-success").WaitForAsync();
        Assert.Contains("已保存", await page.Locator("#review-alert").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertPageAsync(page);

        await page.ReloadAsync();
        await page.GetByText("已由").WaitForAsync();
        Assert.Equal(corrected, await grade.InputValueAsync());
    });

    [Fact]
    public Task AStaffMemberEntersARequestTakenByPhone() => PageChecks.RunAsync(browser.Browser, nameof(AStaffMemberEntersARequestTakenByPhone), async page =>
    {
        await site.AreasAsync();
        await SignIn.AsAsync(page, site, SeededAreas.CommunityWorker, SeededAreas.WorkerPassword);
        await SignIn.MenuAsync(page, "代录诉求");
        await page.GetByRole(AriaRole.Heading, new() { Name = "诉求信息" }).WaitForAsync();
        await PageChecks.AssertPageAsync(page);

        // A community worker's form offers only their own community, already chosen.
        Assert.Equal(SeededAreas.Chaolin, await page.Locator("#community option:checked").InnerTextAsync());
        await page.GetByLabel("受理渠道").SelectOptionAsync(new SelectOptionValue { Label = "电话" });
        await page.GetByLabel("标题").FillAsync("楼道堆放杂物");
        await page.GetByLabel("详细描述").FillAsync("居民来电反映：5号楼二单元楼道里堆满了纸箱和旧家具，挡住了通道，存在消防隐患。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交诉求" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "已录入" }).WaitForAsync();
        Assert.Matches("^[0-9A-Z]{5}-[0-9A-Z]{5}$", await page.Locator("#submitted-code").InnerTextAsync());
        Assert.Equal(string.Empty, await page.GetByLabel("标题").InputValueAsync());
        await PageChecks.AssertPageAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "查看诉求详情" }).ClickAsync();
        await page.GetByText("楼道堆放杂物").WaitForAsync();
        Assert.Contains("电话", await page.Locator("#request-detail").InnerTextAsync(), StringComparison.Ordinal);
    });

    [Fact]
    public Task AnImportOfASmallFileShowsItsReport() => PageChecks.RunAsync(browser.Browser, nameof(AnImportOfASmallFileShowsItsReport), async page =>
    {
        await site.AreasAsync();
        await SignIn.AsAsync(page, site, SeededAreas.TownWorker, SeededAreas.WorkerPassword);
        await SignIn.MenuAsync(page, "问卷导入");
        await page.GetByRole(AriaRole.Heading, new() { Name = "文件格式" }).WaitForAsync();
        await PageChecks.AssertPageAsync(page);

        // Line 1 is the header; line 4 names a community that does not exist.
        var csv = string.Join(
            "\r\n",
            "标题,内容,社区,地址,电话,公开",
            "路灯不亮,3号楼门口的路灯坏了两周，晚上出门不安全,朝林社区,3号楼,13812345678,否",
            ",希望在小区里增加几处电动车充电桩，现在没地方充电,瀛海社区,,,是",
            "坏行,这个社区不存在,火星社区,,,否",
            string.Empty);
        await page.GetByLabel("问卷文件").SetInputFilesAsync(new FilePayload
        {
            Name = "year-end-survey.csv", MimeType = "text/csv", Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)],
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();

        await page.Locator("#imported-rows").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("2", await page.Locator("#imported-rows").InnerTextAsync());
        Assert.Equal("1", await page.Locator("#rejected-rows").InnerTextAsync());
        var rejected = page.Locator("#rejected-table tbody tr");
        Assert.Equal(1, await rejected.CountAsync());
        Assert.Equal("4", await rejected.Locator("td").First.InnerTextAsync());
        await page.Locator("#recent-list").GetByText("year-end-survey.csv").WaitForAsync();
        await PageChecks.AssertPageAsync(page);
    });

    [Fact]
    public Task APartnerSecretIsShownOnceAndCanBeRotated() => PageChecks.RunAsync(browser.Browser, nameof(APartnerSecretIsShownOnceAndCanBeRotated), async page =>
    {
        await SignIn.AsAsync(page, site, SiteFixture.AdminName, SiteFixture.AdminPassword);
        await SignIn.MenuAsync(page, "合作系统");
        await page.GetByRole(AriaRole.Heading, new() { Name = "登记合作系统" }).WaitForAsync();

        await page.GetByLabel("系统编号").FillAsync("wechat-yizhuang");
        await page.GetByLabel("名称", new() { Exact = true }).FillAsync("亦庄镇微信公众号");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记并生成密钥" }).ClickAsync();
        var secret = page.GetByLabel("密钥", new() { Exact = true });
        await secret.WaitForAsync();
        var first = await secret.InputValueAsync();
        Assert.True(first.Length >= 16, $"secret too short: {first}");
        await page.GetByRole(AriaRole.Cell, new() { Name = "亦庄镇微信公众号", Exact = true }).WaitForAsync();
        await PageChecks.AssertPageAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "我已保存，隐藏密钥" }).ClickAsync();
        Assert.False(await secret.IsVisibleAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "更换 亦庄镇微信公众号 的密钥" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "确认更换" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "亦庄镇微信公众号（wechat-yizhuang）的新密钥" }).WaitForAsync();
        Assert.NotEqual(first, await secret.InputValueAsync());

        // The status callback address: a bad one is refused at the field, a good one is kept.
        var callback = page.GetByLabel("亦庄镇微信公众号 的状态回调地址");
        var save = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "wechat-yizhuang" }).GetByRole(AriaRole.Button, new() { Name = "保存" });
        await callback.FillAsync("ftp://example.com/status");
        await save.ClickAsync();
        await page.GetByText("回调地址应为 https:// 开头的完整网址").WaitForAsync();
        await callback.FillAsync("https://wechat.example.com/minsheng/status");
        await save.ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已保存" }).WaitForAsync();
        await PageChecks.AssertPageAsync(page);
        await page.ReloadAsync();
        await page.GetByLabel("亦庄镇微信公众号 的状态回调地址").WaitForAsync();
        Assert.Equal("https://wechat.example.com/minsheng/status", await page.GetByLabel("亦庄镇微信公众号 的状态回调地址").InputValueAsync());
    });
}
