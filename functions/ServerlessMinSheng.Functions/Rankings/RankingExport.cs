using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>A ranking as a CSV (UTF-8 with a byte-order mark, so Excel opens the Chinese correctly) or as an XLSX workbook.</summary>
public static class RankingExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The table every export writes: a header row, then one row per line; rates as fractions (0.95), empty when there is no sample.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<object?[]> Rows) Table(RankingView view)
    {
        var units = RankingLevels.IsUnitLevel(view.Level);
        List<string> header = ["排名", "上期排名", "名次变化", "单位"];
        if (view.Level == RankingLevels.Community || view.Level == RankingLevels.Project)
        {
            header.Add("所属街道（乡镇）");
        }

        if (units)
        {
            header.AddRange(["响应率", "按时签收", "派单数", "解决率", "已解决", "评价数", "满意率", "满意", "基本满意", "不满意"]);
        }
        else
        {
            header.AddRange(["节点按时率", "按时节点", "节点数", "有帮助比例", "有帮助", "评分数", "满意率（4—5分）", "平均分", "完成率", "已完成", "已结束"]);
        }

        header.AddRange(["综合得分", "排名得分（置信调整）"]);
        if (view.Level == RankingLevels.Project)
        {
            header.Add("年终建议");
        }

        var rows = new List<object?[]>();
        foreach (var l in view.Lines)
        {
            List<object?> row = [l.Rank, l.PreviousRank, l.RankChange, l.UnitName];
            if (view.Level == RankingLevels.Community || view.Level == RankingLevels.Project)
            {
                row.Add(l.ParentName);
            }

            if (units)
            {
                row.AddRange([l.Response!.Rate, l.Response.Numerator, l.Response.N, l.Resolution!.Rate, l.Resolution.Numerator, l.Resolution.N, l.Satisfaction.Rate, l.Satisfied, l.BasicallySatisfied, l.Unsatisfied]);
            }
            else
            {
                row.AddRange([l.OnTime!.Rate, l.OnTime.Numerator, l.OnTime.N, l.Helped!.Rate, l.Helped.Numerator, l.Helped.N, l.Satisfaction.Rate, l.AverageScore, l.Completion!.Rate, l.Completion.Numerator, l.Completion.N]);
            }

            row.AddRange([l.Score, l.AdjustedScore]);
            if (view.Level == RankingLevels.Project)
            {
                row.Add(l.RecommendationLabel);
            }

            rows.Add([.. row]);
        }

        return (header, rows);
    }

    public static string FileName(RankingView view, string extension) => $"排名-{view.LevelLabel}-{view.Label}.{extension}";

    public static byte[] Csv(RankingView view)
    {
        var (header, rows) = Table(view);
        var csv = new StringBuilder();
        csv.Append(Line([$"{view.LevelLabel}排名", view.Label, $"{view.From} 至 {view.To}"])).Append("\r\n");
        csv.Append(Line(header)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.Append(Line(row.Select(Text))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static byte[] Xlsx(RankingView view)
    {
        var (header, rows) = Table(view);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(RowOf(1, [$"{view.LevelLabel}排名 · {view.Label}（{view.From} 至 {view.To}）"], header.Count));
            data.Append(RowOf(2, header.Cast<object?>().ToArray(), header.Count));
            var r = 3u;
            foreach (var row in rows)
            {
                data.Append(RowOf(r++, row, header.Count, header));
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "排名" });
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row RowOf(uint index, object?[] values, int width, IReadOnlyList<string>? header = null)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Length && i < width; i++)
        {
            var reference = $"{Column(i)}{index}";
            var value = values[i];
            var isRate = header is not null && (header[i].EndsWith('率') || header[i].StartsWith("满意率", StringComparison.Ordinal) || header[i] == "有帮助比例");
            row.Append(value switch
            {
                null => new Cell { CellReference = reference },
                string s => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s)) },
                double d => new Cell { CellReference = reference, CellValue = new CellValue(d.ToString("R", CultureInfo.InvariantCulture)), DataType = CellValues.Number, StyleIndex = isRate ? 1u : 2u },
                int n => new Cell { CellReference = reference, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)), DataType = CellValues.Number },
                _ => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Text(value))) },
            });
        }

        return row;
    }

    /// <summary>Style 1 shows a fraction as a percentage with one decimal; style 2 a number with three decimals.</summary>
    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0%" }, new NumberingFormat { NumberFormatId = 165, FormatCode = "0.000" }) { Count = 2 },
        new Fonts(new Font()) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }) { Count = 3 });

    private static string Column(int i) => i < 26 ? ((char)('A' + i)).ToString() : $"{(char)('A' + (i / 26) - 1)}{(char)('A' + (i % 26))}";

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string text => Safe(text),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(c => c.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : c));

    /// <summary>A name a spreadsheet would read as a formula (=, +, -, @) is written as text.</summary>
    private static string Safe(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text;
}
