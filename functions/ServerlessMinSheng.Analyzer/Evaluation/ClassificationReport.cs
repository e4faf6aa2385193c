using System.Globalization;
using System.Text;

namespace ServerlessMinSheng.Analyzer.Evaluation;

/// <summary>Precision, recall and F1 of one class.</summary>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Accuracy, macro-F1, per-class metrics and the confusion matrix of a set of predictions.</summary>
public sealed class ClassificationReport
{
    private ClassificationReport(IReadOnlyList<string> labels, int[,] confusion, int[] unclassified)
    {
        Labels = labels;
        Confusion = confusion;
        Unclassified = unclassified;
        var total = 0;
        var correct = 0;
        var perClass = new List<ClassMetrics>();
        for (var k = 0; k < labels.Count; k++)
        {
            int tp = confusion[k, k], actual = unclassified[k], predicted = 0;
            for (var j = 0; j < labels.Count; j++)
            {
                actual += confusion[k, j];
                predicted += confusion[j, k];
            }

            total += actual;
            correct += tp;
            var precision = predicted == 0 ? 0 : tp / (double)predicted;
            var recall = actual == 0 ? 0 : tp / (double)actual;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassMetrics(labels[k], precision, recall, f1, actual));
        }

        PerClass = perClass;
        Count = total;
        Accuracy = total == 0 ? 0 : correct / (double)total;
        MacroF1 = perClass.Count == 0 ? 0 : perClass.Average(m => m.F1);
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Rows are the true label, columns the predicted one, both in <see cref="Labels"/> order.</summary>
    public int[,] Confusion { get; }

    /// <summary>Per true label, how many texts got no prediction at all (counted as wrong).</summary>
    public IReadOnlyList<int> Unclassified { get; }

    public IReadOnlyList<ClassMetrics> PerClass { get; }

    public int Count { get; }

    public double Accuracy { get; }

    public double MacroF1 { get; }

    /// <summary>
    /// Builds a report from (true, predicted) pairs. A missing prediction (unclassified text, or a
    /// label the model does not know) counts as wrong and appears in the "(none)" column.
    /// </summary>
    public static ClassificationReport From(IEnumerable<(string Actual, string? Predicted)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var list = pairs.ToList();
        var labels = list.Select(p => p.Actual).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var confusion = new int[labels.Count, labels.Count];
        var unclassified = new int[labels.Count];
        foreach (var (actual, predicted) in list)
        {
            if (predicted is not null && index.TryGetValue(predicted, out var p))
            {
                confusion[index[actual], p]++;
            }
            else
            {
                unclassified[index[actual]]++;
            }
        }

        return new ClassificationReport(labels, confusion, unclassified);
    }

    /// <summary>Markdown: the summary line, a per-class table and the confusion matrix.</summary>
    public string ToMarkdown()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"accuracy {Accuracy:F4}, macro-F1 {MacroF1:F4}, n = {Count}\n\n");
        sb.Append("| class | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|\n");
        foreach (var m in PerClass)
        {
            sb.Append(inv, $"| {m.Label} | {m.Precision:F4} | {m.Recall:F4} | {m.F1:F4} | {m.Support} |\n");
        }

        sb.Append("\nConfusion matrix (rows: true label, columns: predicted):\n\n| true \\ predicted | ");
        var showNone = Unclassified.Any(u => u > 0);
        sb.AppendJoin(" | ", Labels).Append(showNone ? " | (none) |\n|---|" : " |\n|---|")
            .Append(string.Concat(Enumerable.Repeat("---:|", Labels.Count + (showNone ? 1 : 0)))).Append('\n');
        for (var k = 0; k < Labels.Count; k++)
        {
            sb.Append("| ").Append(Labels[k]);
            for (var j = 0; j < Labels.Count; j++)
            {
                sb.Append(" | ").Append(Confusion[k, j].ToString(inv));
            }

            if (showNone)
            {
                sb.Append(" | ").Append(Unclassified[k].ToString(inv));
            }

            sb.Append(" |\n");
        }

        return sb.ToString();
    }
}
