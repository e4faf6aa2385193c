using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.Analyzer.Evaluation;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>`eval`: scores a model on a labelled TSV (accuracy, macro-F1, per class, confusion).</summary>
internal static class EvalCommand
{
    public const string Usage = "eval --model FILE|" + BuiltInModels.Names + " --data FILE [--text-column text] [--label-column label]";

    public static int Run(Arguments args, TextWriter output, TextWriter log)
    {
        var modelPath = args.Required("model");
        var data = args.Required("data");
        var textColumn = args.Optional("text-column");
        var labelColumn = args.Optional("label-column");
        args.RejectUnknown();

        var watch = Stopwatch.StartNew();
        var model = BuiltInModels.Load(modelPath);
        var ready = watch.Elapsed.TotalSeconds;
        var examples = LabeledData.Load(data, textColumn, labelColumn, log);
        watch.Restart();
        var predicted = examples.Select(e => model.Predict(e.Text).Label).ToArray();
        var report = ClassificationReport.From(examples.Select((e, i) => (e.Label, predicted[i])));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(modelPath)} ({model.Info.ExampleCount} training rows, {model.FeatureCount} features, ready in {ready:F2} s) on {Path.GetFileName(data)} ({examples.Count} rows, {watch.Elapsed.TotalSeconds:F2} s)"));
        output.WriteLine();
        output.Write(report.ToMarkdown());
        var unknown = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Except(model.Labels, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            log.WriteLine($"note: labels the model does not know (always counted wrong): {string.Join(", ", unknown)}");
        }

        return 0;
    }
}
