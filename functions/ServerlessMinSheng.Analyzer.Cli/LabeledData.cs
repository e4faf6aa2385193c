using ServerlessMinSheng.Analyzer.Classification;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>Loads labelled examples from a TSV, reporting unreadable lines instead of failing.</summary>
internal static class LabeledData
{
    public static List<LabeledText> Load(string path, string? textColumn, string? labelColumn, TextWriter log)
    {
        using var reader = TsvReader.Open(path);
        var text = reader.Column(textColumn ?? DefaultTextColumn(reader.Header));
        var label = reader.Column(labelColumn ?? "label");
        var examples = new List<LabeledText>();
        foreach (var row in reader.Rows())
        {
            if (row.Error is not null)
            {
                log.WriteLine($"{path}: line {row.LineNumber}: {row.Error}");
            }
            else if (string.IsNullOrWhiteSpace(row.Get(label)))
            {
                log.WriteLine($"{path}: line {row.LineNumber}: no label; skipped");
            }
            else
            {
                examples.Add(new LabeledText(row.Get(text), row.Get(label).Trim()));
            }
        }

        return examples;
    }

    /// <summary>`text`, or the shared data's `text_seg` when a file has no `text` column.</summary>
    private static string DefaultTextColumn(IReadOnlyList<string> header) =>
        header.Contains("text", StringComparer.OrdinalIgnoreCase) || !header.Contains("text_seg", StringComparer.OrdinalIgnoreCase)
            ? "text"
            : "text_seg";
}
