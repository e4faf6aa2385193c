using System.Text.RegularExpressions;
using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>民有所呼 as a resident sees it: the form, the tracking code, the tracking page and the needs map.</summary>
[Collection(BrowserTests.Name)]
public partial class IntakePagesTests(BrowserFixture browser, SiteFixture site) : IClassFixture<SiteFixture>
{
    private static readonly string[] Themes = ["平安", "智慧", "健康", "活力", "文明", "宜居"];

    [Fact]
    public Task AResidentSubmitsARequestAndTheTrackingPageShowsItsTheme() => PageChecks.RunAsync(browser.Browser, nameof(AResidentSubmitsARequestAndTheTrackingPageShowsItsTheme), async page =>
    {
        await site.AreasAsync();
        await page.GotoAsync(site.Url("/submit"));
        await PageChecks.AssertPageAsync(page);

        await page.GetByLabel("标题").FillAsync("3号楼门口路灯不亮<i>");
        await page.GetByLabel("详细描述").FillAsync("小区3号楼门口的路灯坏了两个星期，晚上一片漆黑，老人出门很不安全，希望尽快修好。");
        Assert.Contains("/ 4000", await page.Locator("#description-count").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("街道/乡镇").SelectOptionAsync(new SelectOptionValue { Label = SeededAreas.Town });
        await page.GetByLabel("社区/村").SelectOptionAsync(new SelectOptionValue { Label = SeededAreas.Chaolin });
        await page.GetByLabel("联系电话").FillAsync("13812345678");
        Assert.True(await page.GetByLabel("不公开").IsCheckedAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "提交诉求" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "已收到您的诉求" }).WaitForAsync();
        var displayCode = await page.Locator("#submitted-code").InnerTextAsync();
        Assert.Matches(DisplayCodePattern(), displayCode);
        await PageChecks.AssertPageAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "查看办理进度" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = $"诉求 {displayCode}" }).WaitForAsync();
        Assert.EndsWith("/track/" + displayCode.Replace("-", string.Empty, StringComparison.Ordinal), page.Url, StringComparison.Ordinal);

        // Triage is asynchronous: the page looks again by itself until the theme is there.
        var theme = page.Locator("dl.facts .badge");
        await theme.WaitForAsync(new() { Timeout = 90_000 });
        Assert.Contains(await theme.InnerTextAsync(), Themes);
        await page.GetByText("已完成分类").WaitForAsync();

        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("3号楼门口路灯不亮<i>", main, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", main, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main i").CountAsync());
        await PageChecks.AssertPageAsync(page);
    }, width: 360);

    [Fact]
    public Task MissingFieldsAreMarkedAndAMistypedCodeIsCaught() => PageChecks.RunAsync(browser.Browser, nameof(MissingFieldsAreMarkedAndAMistypedCodeIsCaught), async page =>
    {
        await site.AreasAsync();
        await page.GotoAsync(site.Url("/submit"));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交诉求" }).ClickAsync();

        await page.Locator("#title[aria-invalid='true']").WaitForAsync();
        Assert.Equal("true", await page.GetByLabel("详细描述").GetAttributeAsync("aria-invalid"));
        Assert.Equal("true", await page.GetByLabel("社区/村").GetAttributeAsync("aria-invalid"));
        await PageChecks.AssertAccessibleAsync(page);

        // One character changed: the check character no longer matches, so the code is refused before any lookup.
        var real = TrackingCode.New(TrackingCode.NewBucket());
        var mistyped = real[..3] + (real[3] == '7' ? '8' : '7') + real[4..];
        await page.GotoAsync(site.Url("/track"));
        await page.GetByRole(AriaRole.Textbox, new() { Name = "查询码" }).FillAsync(mistyped.ToLowerInvariant().Insert(5, " "));
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await page.Locator("#track-alert.alert-error").WaitForAsync();
        Assert.Contains("查询码有误，请核对", await page.Locator("#track-alert").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetByRole(AriaRole.Textbox, new() { Name = "查询码" }).GetAttributeAsync("aria-invalid"));

        await page.GetByRole(AriaRole.Textbox, new() { Name = "查询码" }).FillAsync(TrackingCode.Display(real));
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await page.Locator("#track-alert").GetByText("没有找到").WaitForAsync();
        await PageChecks.AssertPageAsync(page);
    }, width: 360);

    [Fact]
    public Task TheNeedsMapShowsChartsAndTablesOfTheSameNumbers() => PageChecks.RunAsync(browser.Browser, nameof(TheNeedsMapShowsChartsAndTablesOfTheSameNumbers), async page =>
    {
        var areas = await site.AreasAsync();
        string[] codes =
        [
            await Seed.RequestAsync(site, areas.YinghaiId, "小区停车位太少", "瀛海社区晚上停车位严重不足，车辆乱停堵住消防通道，希望规划更多停车位。"),
            await Seed.RequestAsync(site, areas.YinghaiId, "电动车充电难", "瀛海社区电动自行车没有地方充电，居民只能拉线充电，很危险，希望安装充电桩。"),
        ];
        foreach (var code in codes)
        {
            await Seed.TriagedThemeAsync(site, code);
        }

        // The needs map is a projection that follows triage: look again until the community's row counts both.
        var row = page.Locator("#community-table tbody tr", new() { HasText = SeededAreas.Yinghai });
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            await page.GotoAsync(site.Url("/needs-map"));
            await page.Locator("#needs-map:not([aria-busy])").WaitForAsync();
            if (await row.CountAsync() == 1 && Number(await row.Locator("td.total").InnerTextAsync()) >= codes.Length)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the needs map did not count the triaged requests");
            await page.WaitForTimeoutAsync(500);
        }

        await page.Locator(".chart[data-chart='communities'] canvas").WaitForAsync();
        await page.Locator(".chart[data-chart='months'] canvas").WaitForAsync();
        Assert.Equal("true", await page.Locator(".chart[data-chart='communities']").GetAttributeAsync("aria-hidden"));
        var monthTotal = Number(await page.Locator("#month-table tfoot td.total").InnerTextAsync());
        var communityTotal = Number(await page.Locator("#community-table tfoot td.total").InnerTextAsync());
        Assert.Equal(communityTotal, monthTotal);
        await PageChecks.AssertPageAsync(page);
    }, width: 360);

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9A-Z]{5}-[0-9A-Z]{5}$")]
    private static partial Regex DisplayCodePattern();
}
