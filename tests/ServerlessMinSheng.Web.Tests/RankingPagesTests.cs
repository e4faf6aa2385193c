using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>考评排名 through the pages, against the hand-computable data set of <see cref="RankingSite"/>.</summary>
[Collection(BrowserTests.Name)]
public class RankingPagesTests(BrowserFixture browser, RankingSite site) : IClassFixture<RankingSite>
{
    [Fact]
    public Task TheRankingTableShowsTheExpectedRanksRatesAndSamples() => PageChecks.RunAsync(browser.Browser, nameof(TheRankingTableShowsTheExpectedRanksRatesAndSamples), async page =>
    {
        await page.GotoAsync(site.Url("/"));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "网站导航" }).GetByRole(AriaRole.Link, new() { Name = "考评排名" }).ClickAsync();

        // Streets and towns first, newest month: the town answers for its communities' counts together.
        await page.GetByRole(AriaRole.Heading, new() { Name = "街道（乡镇）排名 · 2026年10月" }).WaitForAsync();
        Assert.Equal(["1", "—\n名次不变", $"{RankingSite.Town}", "92.9%（39/42）", "83.3%（35/42）", "88.1%（37/42）", "87.9"], (await Cells(page, 0))[..7]);

        await page.GetByLabel("层级").SelectOptionAsync(new SelectOptionValue { Label = "社区（村）" });
        Assert.Equal("2026年10月", await page.GetByLabel("时间").Locator("option:checked").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "查看排名" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "社区（村）排名 · 2026年10月" }).WaitForAsync();
        Assert.Contains("level=community", page.Url, StringComparison.Ordinal);

        Assert.Equal(["1", "↑1\n上升 1 名", $"{RankingSite.Chaolin}\n{RankingSite.Town}", "95.0%（19/20）", "85.0%（17/20）", "95.0%（19/20）", "91.5"], (await Cells(page, 0))[..7]);
        // A tie shares the rank; the next rank after two 2nd places is 4th.
        Assert.Equal(["2", "↓1\n下降 1 名", $"{RankingSite.Yinghai}\n{RankingSite.Town}", "90.0%（9/10）", "80.0%（8/10）", "80.0%（8/10）", "83.0"], (await Cells(page, 1))[..7]);
        Assert.Equal(["2", "↑1\n上升 1 名", $"{RankingSite.Luhaiyuan}\n{RankingSite.Town}", "90.0%（9/10）", "80.0%（8/10）", "80.0%（8/10）", "83.0"], (await Cells(page, 2))[..7]);
        Assert.Equal((await Cells(page, 1))[7], (await Cells(page, 2))[7]);
        // 100% from two samples is the best composite, but ranks below every unit with a real sample.
        Assert.Equal(["4", "—\n上期未参与排名", $"{RankingSite.Xinjian}\n{RankingSite.Town}", "100.0%（2/2）", "100.0%（2/2）", "100.0%（2/2）", "100.0"], (await Cells(page, 3))[..7]);
        Assert.True(double.Parse((await Cells(page, 3))[7], CultureInfo.InvariantCulture) < double.Parse((await Cells(page, 1))[7], CultureInfo.InvariantCulture));
        Assert.Equal(["无数据", "—", $"{RankingSite.Boxing}\n{RankingSite.Town}", "—", "—", "—", "—", "—"], await Cells(page, 4));
        Assert.Equal(5, await page.Locator("#ranking-table tbody tr").CountAsync());
        Assert.Contains("4 个单位参与排名，1 个单位本期无数据", await page.Locator("#ranking-counts").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("威尔逊下限", await page.Locator("#ranking-method").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("响应率 30%、解决率 35%、满意率 35%", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator(".chart[data-chart='rates'] canvas").WaitForAsync();
        await PageChecks.AssertPageAsync(page);

        // A unit's months: September 2nd of 3 (the three rates 9/10), October 1st of 4.
        await page.Locator("#ranking-table").GetByRole(AriaRole.Link, new() { Name = RankingSite.Chaolin }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = $"{RankingSite.Chaolin} 逐月走势" }).WaitForAsync();
        Assert.Equal(
            ["2026年9月", "2 / 3", "90.0%（9/10）", "90.0%（9/10）", "90.0%（9/10）", "90.0"],
            await page.Locator("#trend-table tbody tr").Nth(0).Locator("th, td").AllInnerTextsAsync());
        Assert.Equal(
            ["2026年10月", "1 / 4", "95.0%（19/20）", "85.0%（17/20）", "95.0%（19/20）", "91.5"],
            await page.Locator("#trend-table tbody tr").Nth(1).Locator("th, td").AllInnerTextsAsync());
        Assert.Contains($"unit={site.Ids[RankingSite.Chaolin]}", page.Url, StringComparison.Ordinal);
        await page.Locator(".chart[data-chart='trend'] canvas").WaitForAsync();
        await PageChecks.AssertPageAsync(page);

        // On a phone the table scrolls inside its own box; the page itself does not.
        await page.SetViewportSizeAsync(360, 740);
        Assert.True(await page.Locator("#ranking-table").EvaluateAsync<bool>("t => t.parentElement.scrollWidth > t.parentElement.clientWidth"), "the ranking table should scroll inside its box at 360 px");
        await PageChecks.AssertPageAsync(page);
    });

    [Fact]
    public Task TheExcelAndCsvExportsHoldTheNumbersOfTheTable() => PageChecks.RunAsync(browser.Browser, nameof(TheExcelAndCsvExportsHoldTheNumbersOfTheTable), async page =>
    {
        await page.GotoAsync(site.Url("/rankings?level=community&period=month&id=2026-10"));
        await page.GetByRole(AriaRole.Heading, new() { Name = "社区（村）排名 · 2026年10月" }).WaitForAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载 Excel" }).ClickAsync());
        Assert.Equal("排名-社区（村）-2026年10月.xlsx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"ranking-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(path);
        try
        {
            var sheet = ReadSheet(path);
            Assert.StartsWith("社区（村）排名 · 2026年10月", sheet[1]["A"], StringComparison.Ordinal);
            var rows = sheet.Where(r => r.Key >= 3).Select(r => r.Value.ToDictionary(c => sheet[2][c.Key], c => c.Value)).ToDictionary(r => r["单位"]);
            Assert.Equal(5, rows.Count);

            var chaolin = rows[RankingSite.Chaolin];
            Assert.Equal(("1", "2", "1", RankingSite.Town), (chaolin["排名"], chaolin["上期排名"], chaolin["名次变化"], chaolin["所属街道（乡镇）"]));
            AssertNumbers(chaolin, ("响应率", 0.95), ("按时签收", 19), ("派单数", 20), ("解决率", 0.85), ("已解决", 17), ("评价数", 20), ("满意率", 0.95), ("满意", 15), ("基本满意", 4), ("不满意", 1), ("综合得分", 0.915));
            Assert.Equal(("2", "1", "-1"), (rows[RankingSite.Yinghai]["排名"], rows[RankingSite.Yinghai]["上期排名"], rows[RankingSite.Yinghai]["名次变化"]));
            Assert.Equal(("2", "3", "1"), (rows[RankingSite.Luhaiyuan]["排名"], rows[RankingSite.Luhaiyuan]["上期排名"], rows[RankingSite.Luhaiyuan]["名次变化"]));
            AssertNumbers(rows[RankingSite.Luhaiyuan], ("响应率", 0.9), ("派单数", 10), ("解决率", 0.8), ("满意率", 0.8), ("不满意", 2), ("综合得分", 0.83));
            Assert.Equal(rows[RankingSite.Yinghai]["排名得分（置信调整）"], rows[RankingSite.Luhaiyuan]["排名得分（置信调整）"]);
            var xinjian = rows[RankingSite.Xinjian];
            Assert.Equal(("4", string.Empty, string.Empty), (xinjian["排名"], xinjian.GetValueOrDefault("上期排名", string.Empty), xinjian.GetValueOrDefault("名次变化", string.Empty)));
            AssertNumbers(xinjian, ("响应率", 1), ("派单数", 2), ("综合得分", 1));
            var boxing = rows[RankingSite.Boxing];
            Assert.Equal(string.Empty, boxing.GetValueOrDefault("排名", string.Empty));
            Assert.Equal(string.Empty, boxing.GetValueOrDefault("响应率", string.Empty));
            AssertNumbers(boxing, ("派单数", 0), ("评价数", 0));
        }
        finally
        {
            File.Delete(path);
        }

        var csvHref = await page.GetByRole(AriaRole.Link, new() { Name = "下载 CSV" }).GetAttributeAsync("href");
        var csv = await site.App.Http.GetStringAsync(csvHref);
        Assert.Contains($"1,2,1,{RankingSite.Chaolin},{RankingSite.Town},0.95,19,20,0.85,17,20,0.95,15,4,1,0.915,", csv, StringComparison.Ordinal);
        Assert.Contains($",,,{RankingSite.Boxing},{RankingSite.Town},,0,0,,0,0,,0,0,0,,", csv, StringComparison.Ordinal);
    });

    [Fact]
    public Task ACommunityWorkerSeesItsOwnRatesAndTheRequestsThatPulledThemDown() => PageChecks.RunAsync(browser.Browser, nameof(ACommunityWorkerSeesItsOwnRatesAndTheRequestsThatPulledThemDown), async page =>
    {
        await site.SignInAsync(page, RankingSite.CommunityWorker);
        var menu = await Menu(page).GetByRole(AriaRole.Link).AllInnerTextsAsync();
        Assert.Contains("考评排名", menu);
        Assert.DoesNotContain("排名计算", menu);
        await Menu(page).GetByRole(AriaRole.Link, new() { Name = "本单位考评", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = $"{RankingSite.Chaolin} · 2026年10月" }).WaitForAsync();
        var facts = await page.Locator("#unit-facts").InnerTextAsync();
        Assert.Contains("第 1 名（共 4 个单位参与排名）", facts, StringComparison.Ordinal);
        Assert.Contains("上期（2026年9月）", facts, StringComparison.Ordinal);
        Assert.Contains("第 2 名", facts, StringComparison.Ordinal);
        Assert.Contains("91.5", facts, StringComparison.Ordinal);
        Assert.Contains("较上期 +1.5 分", facts, StringComparison.Ordinal);
        var rates = page.Locator("#rates-table tbody tr");
        Assert.Equal(["响应率", "95.0%（19/20）", "+5.0 个百分点"], await rates.Nth(0).Locator("th, td").AllInnerTextsAsync());
        Assert.Equal(["解决率", "85.0%（17/20）", "−5.0 个百分点"], await rates.Nth(1).Locator("th, td").AllInnerTextsAsync());
        Assert.Equal(["满意率", "95.0%（19/20）", "+5.0 个百分点"], await rates.Nth(2).Locator("th, td").AllInnerTextsAsync());
        Assert.Equal("满意 15 · 基本满意 4 · 不满意 1", await page.Locator("#unit-breakdown").InnerTextAsync());
        Assert.Equal(2, await page.Locator("#trend-table tbody tr").CountAsync());

        // The three ratings of "unresolved", newest first, each linking to its request.
        var drags = page.Locator("#drags-table tbody tr");
        Assert.Equal(3, await drags.CountAsync());
        for (var i = 0; i < site.Drags.Count; i++)
        {
            var (code, title) = site.Drags[i];
            var link = drags.Nth(i).GetByRole(AriaRole.Link, new() { Name = title });
            Assert.Equal($"/admin/request?code={code}", await link.GetAttributeAsync("href"));
            Assert.Contains($"{code[..5]}-{code[5..]}", await drags.Nth(i).InnerTextAsync(), StringComparison.Ordinal);
        }

        var unsatisfied = await drags.Nth(2).InnerTextAsync();
        Assert.Contains("未解决", unsatisfied, StringComparison.Ordinal);
        Assert.Contains("不满意", unsatisfied, StringComparison.Ordinal);
        Assert.Contains("说修了但灯还是不亮", unsatisfied, StringComparison.Ordinal);
        await PageChecks.AssertPageAsync(page);
        await page.SetViewportSizeAsync(360, 740);
        await PageChecks.AssertAccessibleAsync(page);
    });

    [Fact]
    public Task TheDistrictAdminPicksAnyUnitOnTheMetricsPage() => PageChecks.RunAsync(browser.Browser, nameof(TheDistrictAdminPicksAnyUnitOnTheMetricsPage), async page =>
    {
        await site.SignInAsync(page, RankingSite.AdminName);
        await Menu(page).GetByRole(AriaRole.Link, new() { Name = "本单位考评", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "单位考评", Level = 1 }).WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = $"{RankingSite.Town} · 2026年10月" }).WaitForAsync();

        await page.GetByLabel("层级").SelectOptionAsync(new SelectOptionValue { Label = "社区（村）" });
        await page.GetByLabel("单位").Locator("option", new() { HasText = RankingSite.Yinghai }).WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("单位").SelectOptionAsync(new SelectOptionValue { Label = $"{RankingSite.Yinghai}（{RankingSite.Town}）" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = $"{RankingSite.Yinghai} · 2026年10月" }).WaitForAsync();
        Assert.Contains("第 2 名（共 4 个单位参与排名）", await page.Locator("#unit-facts").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByText("本期没有评价为未解决或不满意的诉求。").WaitForAsync();
        Assert.Contains($"unitId={site.Ids[RankingSite.Yinghai]}", page.Url, StringComparison.Ordinal);
        await PageChecks.AssertPageAsync(page);
        await page.SetViewportSizeAsync(360, 740);
        await PageChecks.AssertAccessibleAsync(page);
    });

    [Fact]
    public Task TheDistrictAdminBackfillsARangeAndSeesBadDatesAtTheirFields() => PageChecks.RunAsync(browser.Browser, nameof(TheDistrictAdminBackfillsARangeAndSeesBadDatesAtTheirFields), async page =>
    {
        await site.SignInAsync(page, RankingSite.AdminName);
        await Menu(page).GetByRole(AriaRole.Link, new() { Name = "排名计算", Exact = true }).ClickAsync();
        await page.GetByText("2026年还没有结项的项目。").WaitForAsync();
        Assert.Contains("续办：至少 5 位居民评价，平均分不低于 4.0 分", await page.Locator("#outcome-rules").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertPageAsync(page);

        var form = page.Locator("#run-form");
        await form.GetByLabel("开始日期").FillAsync("2026-10-31");
        await form.GetByLabel("结束日期").FillAsync("2026-10-01");
        await form.GetByRole(AriaRole.Button, new() { Name = "开始计算" }).ClickAsync();
        await page.Locator("#run-to[aria-invalid='true']").WaitForAsync();
        Assert.Contains("结束日期不能早于开始日期", await form.InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);

        await form.GetByLabel("开始日期").FillAsync("2026-10-01");
        await form.GetByLabel("结束日期").FillAsync("2026-10-31");
        await form.GetByRole(AriaRole.Button, new() { Name = "开始计算" }).ClickAsync();
        await page.Locator("#run-alert.alert-success").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("已计算 2026-10-01 至 2026-10-31。", await page.Locator("#run-alert").InnerTextAsync());
        Assert.Null(await page.Locator("#run-to").GetAttributeAsync("aria-invalid"));
        var numbers = await page.Locator("#run-numbers").InnerTextAsync();
        Assert.Contains("6 个", numbers, StringComparison.Ordinal); // a town and five communities
        Assert.Contains("325 张", numbers, StringComparison.Ordinal); // (31 days + 31 windows of 30 days + month + quarter + year) × 5 levels
        await PageChecks.AssertPageAsync(page);
        await page.SetViewportSizeAsync(360, 740);
        await PageChecks.AssertAccessibleAsync(page);

        // Running again recomputes the same table.
        await page.GotoAsync(site.Url("/rankings?level=community&period=month&id=2026-10"));
        Assert.Equal(["1", "↑1\n上升 1 名", $"{RankingSite.Chaolin}\n{RankingSite.Town}", "95.0%（19/20）", "85.0%（17/20）", "95.0%（19/20）", "91.5"], (await Cells(page, 0))[..7]);
    });

    private static ILocator Menu(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "管理导航" });

    private static async Task<string[]> Cells(IPage page, int row)
    {
        var line = page.Locator("#ranking-table tbody tr").Nth(row);
        await line.WaitForAsync();
        return [.. await line.Locator("th, td").AllInnerTextsAsync()];
    }

    /// <summary>Row number → column letter → the cell's text (an inline string or a number as stored).</summary>
    private static Dictionary<uint, Dictionary<string, string>> ReadSheet(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var worksheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return worksheet.Descendants<Row>().ToDictionary(
            r => r.RowIndex!.Value,
            r => r.Elements<Cell>()
                .Where(c => c.CellValue is not null || c.InlineString is not null)
                .ToDictionary(c => new string([.. c.CellReference!.Value!.TakeWhile(char.IsLetter)]), c => c.InlineString?.InnerText ?? c.CellValue!.Text));
    }

    private static void AssertNumbers(Dictionary<string, string> row, params (string Column, double Expected)[] expected)
    {
        foreach (var (column, value) in expected)
        {
            Assert.True(row.TryGetValue(column, out var text), $"{row["单位"]}: no {column}");
            Assert.True(Math.Abs(double.Parse(text, CultureInfo.InvariantCulture) - value) < 1e-9, $"{row["单位"]} {column}: {text}, expected {value}");
        }
    }
}
