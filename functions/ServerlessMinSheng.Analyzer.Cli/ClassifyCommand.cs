using System.Globalization;
using System.Text;
using ServerlessMinSheng.Analyzer.Clustering;
using ServerlessMinSheng.Analyzer.Grading;
using ServerlessMinSheng.Analyzer.KeyPhrases;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>
/// `classify`: label, confidence, grade and key phrases for every row of a TSV with `id` and
/// `text`, one output row per input row in input order. A row that cannot be analysed (bad
/// UTF-8, no usable text) still gets its output row, with empty fields, and a message on
/// stderr naming its line; the batch always completes.
/// </summary>
internal static class ClassifyCommand
{
    public const string Header = "id\tlabel\tconfidence\tgrade\tkeyphrases";

    public const string Usage = "classify --model FILE|" + BuiltInModels.Names + " --input FILE --output FILE   (input columns: id, text)";

    public static int Run(Arguments args, TextWriter output, TextWriter log)
    {
        var modelPath = args.Required("model");
        var input = args.Required("input");
        var outputPath = args.Required("output");
        args.RejectUnknown();

        var model = BuiltInModels.Load(modelPath);
        using (var header = TsvReader.Open(input))
        {
            // Fail on a wrong header before any work is done.
            _ = (header.Column("id"), header.Column("text"));
        }

        var corpus = BuildCorpus(input);
        var clusters = new ClusterIndex();
        int rows = 0, problems = 0;
        using (var reader = TsvReader.Open(input))
        using (var writer = new StreamWriter(outputPath, false, new UTF8Encoding(false)))
        {
            var id = reader.Column("id");
            var text = reader.Column("text");
            writer.Write(Header + "\n");
            foreach (var row in reader.Rows())
            {
                rows++;
                var rowId = Tsv.Clean(TextOf(row.Fields ?? row.LenientFields, id, reader.Header.Count, lastColumnTakesRest: false).Trim());
                if (row.Error is not null)
                {
                    problems++;
                    log.WriteLine($"{input}: line {row.LineNumber} (id {rowId}): {row.Error}; left unclassified");
                    writer.Write($"{rowId}\t\t0.000\t\t\n");
                    continue;
                }

                var body = TextOf(row.Fields, text, reader.Header.Count, lastColumnTakesRest: text == reader.Header.Count - 1);
                var prediction = model.Predict(body);
                if (!prediction.IsClassified)
                {
                    problems++;
                    log.WriteLine($"{input}: line {row.LineNumber} (id {rowId}): no text to classify (empty, or only punctuation or emoji); left unclassified");
                    writer.Write($"{rowId}\t\t0.000\t\t\n");
                    continue;
                }

                var assignment = clusters.Add(new ClusterDocument(rowId.Length > 0 ? rowId : $"line{row.LineNumber}", body, DateTimeOffset.UnixEpoch));
                var grade = GradeSuggester.Default.Suggest(body, assignment.ClusterSize);
                var phrases = KeyPhraseExtractor.ForText(body, corpus, 5).Select(p => p.Text);
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{rowId}\t{Tsv.Clean(prediction.Label!)}\t{prediction.Confidence:F3}\t{grade.Grade}\t{string.Join(',', phrases)}\n"));
            }
        }

        output.WriteLine($"classified {rows - problems} of {rows} rows with {Path.GetFileName(modelPath)}; {problems} left unclassified (see messages above); output: {outputPath}");
        return 0;
    }

    /// <summary>Key phrases are measured against the batch itself, on top of the shipped background.</summary>
    private static CorpusStatistics BuildCorpus(string input)
    {
        var corpus = BackgroundCorpus.Create();
        using var reader = TsvReader.Open(input);
        var text = reader.Column("text");
        foreach (var row in reader.Rows())
        {
            if (row.Fields is not null)
            {
                corpus.Add(TextOf(row.Fields, text, reader.Header.Count, lastColumnTakesRest: text == reader.Header.Count - 1));
            }
        }

        return corpus;
    }

    /// <summary>
    /// A field by index; when it is the last header column, any extra fields (a tab inside the
    /// text) belong to it rather than being lost.
    /// </summary>
    private static string TextOf(IReadOnlyList<string>? fields, int column, int headerCount, bool lastColumnTakesRest)
    {
        if (fields is null || column >= fields.Count)
        {
            return string.Empty;
        }

        return lastColumnTakesRest && fields.Count > headerCount ? string.Join(' ', fields.Skip(column)) : fields[column];
    }
}
