using System.IO.Compression;
using System.Xml.Linq;

namespace ServerlessMinSheng.Functions.SurveyImport;

/// <summary>
/// The first worksheet of an .xlsx workbook (Office Open XML): shared strings, inline strings, numbers
/// and booleans. Written against the format rather than a package; entries are size-checked so a zip
/// bomb cannot exhaust memory.
/// </summary>
public static class XlsxReader
{
    private const long MaxEntryBytes = 200L * 1024 * 1024;
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    public static IReadOnlyList<SheetRow> Read(Stream content)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read);
        var workbook = Load(zip, "xl/workbook.xml") ?? throw new InvalidDataException("The file has no xl/workbook.xml; it is not an Excel workbook.");
        var firstSheet = workbook.Root?.Element(Main + "sheets")?.Elements(Main + "sheet").FirstOrDefault()
            ?? throw new InvalidDataException("The workbook has no worksheet.");
        var relationId = (string?)firstSheet.Attribute(Relationships + "id");
        var target = Load(zip, "xl/_rels/workbook.xml.rels")?.Root?.Elements(PackageRelationships + "Relationship")
            .FirstOrDefault(r => (string?)r.Attribute("Id") == relationId)?.Attribute("Target")?.Value ?? "worksheets/sheet1.xml";
        var sheetPath = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
        var sheet = Load(zip, sheetPath) ?? throw new InvalidDataException($"The workbook names {sheetPath}, which is missing.");
        List<string> shared = Load(zip, "xl/sharedStrings.xml")?.Root?.Elements(Main + "si").Select(Text).ToList() ?? [];

        var rows = new List<SheetRow>();
        foreach (var row in sheet.Descendants(Main + "row"))
        {
            var number = (int?)row.Attribute("r") ?? rows.Count + 1;
            var cells = new List<string>();
            foreach (var cell in row.Elements(Main + "c"))
            {
                var column = ColumnIndex((string?)cell.Attribute("r")) ?? cells.Count;
                while (cells.Count < column)
                {
                    cells.Add(string.Empty);
                }

                cells.Add(CellText(cell, shared));
            }

            if (cells.Any(c => c.Length > 0))
            {
                rows.Add(new SheetRow(number, cells));
            }
        }

        return rows;
    }

    private static string CellText(XElement cell, List<string> shared)
    {
        var value = cell.Element(Main + "v")?.Value;
        return (string?)cell.Attribute("t") switch
        {
            "s" when int.TryParse(value, out var index) && index >= 0 && index < shared.Count => shared[index],
            "inlineStr" => cell.Element(Main + "is") is { } inline ? Text(inline) : string.Empty,
            "b" => value == "1" ? "TRUE" : "FALSE",
            _ => value ?? string.Empty,
        };
    }

    /// <summary>A string item's text: plain or rich (runs), without phonetic guides.</summary>
    private static string Text(XElement item) =>
        item.Element(Main + "t")?.Value ?? string.Concat(item.Elements(Main + "r").Select(r => r.Element(Main + "t")?.Value));

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    private static XDocument? Load(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        if (entry is null)
        {
            return null;
        }

        if (entry.Length > MaxEntryBytes)
        {
            throw new InvalidDataException($"{path} expands to {entry.Length:N0} bytes; refusing to read it.");
        }

        using var stream = entry.Open();
        return XDocument.Load(stream);
    }
}
