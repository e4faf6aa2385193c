using System.Globalization;
using System.Text;
using ServerlessMinSheng.Analyzer.Clustering;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>
/// `cluster`: near-duplicates and topic clusters of a TSV of requests, in file order (as they
/// would arrive). Writes one row per input row and prints the hottest clusters.
/// </summary>
internal static class ClusterCommand
{
    public const string Usage =
        "cluster --input FILE --output FILE [--clusters FILE] [--top 10] [--min-size 2] [--join 0.3] [--half-life-days 90] " +
        "(columns: id or message_id; text, or title and body; optional time, likes)";

    public static int Run(Arguments args, TextWriter output, TextWriter log)
    {
        var input = args.Required("input");
        var outputPath = args.Required("output");
        var clustersPath = args.Optional("clusters");
        var top = args.Int("top", 10);
        var minimumSize = args.Int("min-size", 2);
        var options = ClusterOptions.Default with
        {
            JoinThreshold = args.Double("join", ClusterOptions.Default.JoinThreshold),
            HeatHalfLifeDays = args.Double("half-life-days", ClusterOptions.Default.HeatHalfLifeDays),
        };
        args.RejectUnknown();

        using var reader = TsvReader.Open(input);
        var columns = RequestColumns.From(reader);
        var index = new ClusterIndex(options);
        var latest = DateTimeOffset.MinValue;
        var inv = CultureInfo.InvariantCulture;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rows = 0;
        using (var writer = new StreamWriter(outputPath, false, new UTF8Encoding(false)))
        {
            writer.Write("id\tcluster\tsimilarity\tnear_duplicates\n");
            foreach (var row in reader.Rows())
            {
                if (row.Error is not null)
                {
                    log.WriteLine($"{input}: line {row.LineNumber}: {row.Error}");
                    writer.Write($"line{row.LineNumber}\t\t\t\n");
                    continue;
                }

                var document = columns.Read(row);
                latest = document.Time > latest ? document.Time : latest;
                var assignment = index.Add(document);
                var duplicates = string.Join(' ', assignment.NearDuplicates.Select(d => string.Create(inv, $"{d.Id}:{d.Similarity:F2}")));
                writer.Write(string.Create(inv, $"{Tsv.Clean(document.Id)}\t{assignment.ClusterId}\t{assignment.Similarity:F3}\t{duplicates}\n"));
                rows++;
            }
        }

        var hottest = index.Top(top, latest, minimumSize);
        output.WriteLine(string.Create(inv, $"{rows} requests, {index.ClusterCount} clusters in {watch.Elapsed.TotalSeconds:F1} s; heat as of {latest:yyyy-MM-dd}"));
        output.WriteLine();
        output.WriteLine("| # | size | likes | first | last | heat | label |");
        output.WriteLine("|---:|---:|---:|---|---|---:|---|");
        var rank = 0;
        foreach (var c in hottest)
        {
            output.WriteLine(string.Create(inv, $"| {++rank} | {c.Size} | {c.Likes} | {c.FirstSeen:yyyy-MM-dd} | {c.LastSeen:yyyy-MM-dd} | {c.Heat:F1} | {string.Join(" / ", c.Label)} |"));
        }

        if (clustersPath is not null)
        {
            var all = index.Top(int.MaxValue, latest);
            File.WriteAllLines(clustersPath, all.Select(c => string.Create(inv,
                $"{c.Id}\t{c.Size}\t{c.Likes}\t{c.FirstSeen:yyyy-MM-dd HH:mm}\t{c.LastSeen:yyyy-MM-dd HH:mm}\t{c.Heat:F2}\t{string.Join(" / ", c.Label)}"))
                .Prepend("cluster\tsize\tlikes\tfirst\tlast\theat\tlabel"));
        }

        return 0;
    }
}
