using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.Analyzer.Evaluation;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>`cv`: stratified k-fold cross-validation report in Markdown.</summary>
internal static class CrossValidateCommand
{
    public const string Usage = "cv --data FILE [--folds 5] [--text-column NAME] [--label-column NAME] [--errors FILE] " + TrainingFlags.Usage;

    public static int Run(Arguments args, TextWriter output, TextWriter log)
    {
        var data = args.Required("data");
        var folds = args.Int("folds", 5);
        var textColumn = args.Optional("text-column");
        var labelColumn = args.Optional("label-column");
        var errors = args.Optional("errors");
        var options = TrainingFlags.Read(args);
        args.RejectUnknown();

        var examples = LabeledData.Load(data, textColumn, labelColumn, log);
        var watch = Stopwatch.StartNew();
        var result = CrossValidator.Run(examples, folds, options);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{folds}-fold stratified cross-validation of {Path.GetFileName(data)} ({examples.Count} rows, {watch.Elapsed.TotalSeconds:F1} s)"));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"per-fold macro-F1: {string.Join(", ", result.FoldMacroF1.Select(f => f.ToString("F4", inv)))} (mean {result.FoldMacroF1.Average():F4}, sd {StandardDeviation(result.FoldMacroF1):F4})"));
        output.WriteLine(string.Create(inv, $"per-fold accuracy: {string.Join(", ", result.FoldAccuracy.Select(f => f.ToString("F4", inv)))} (mean {result.FoldAccuracy.Average():F4})"));
        output.WriteLine();
        output.WriteLine("Pooled out-of-fold predictions:");
        output.WriteLine();
        output.Write(result.Pooled.ToMarkdown());
        if (errors is not null)
        {
            // For error analysis: every misclassified example with its true and predicted label.
            File.WriteAllLines(errors, examples
                .Select((e, i) => (e, predicted: result.OutOfFoldPredictions[i]))
                .Where(p => p.predicted != p.e.Label)
                .Select(p => $"{p.e.Label}\t{p.predicted}\t{p.e.Text}"));
        }

        return 0;
    }

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
    }
}
