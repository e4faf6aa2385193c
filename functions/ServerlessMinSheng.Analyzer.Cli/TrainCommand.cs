using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.Analyzer.Classification;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>`train`: learns a classifier from a labelled TSV and writes the model file.</summary>
internal static class TrainCommand
{
    public const string Usage = "train --data FILE --model FILE [--text-column text] [--label-column label] [--name NAME] " + TrainingFlags.Usage;

    public static int Run(Arguments args, TextWriter output, TextWriter log)
    {
        var data = args.Required("data");
        var modelPath = args.Required("model");
        var textColumn = args.Optional("text-column");
        var labelColumn = args.Optional("label-column");
        var name = args.Optional("name") ?? Path.GetFileNameWithoutExtension(data);
        var options = TrainingFlags.Read(args);
        args.RejectUnknown();

        var examples = LabeledData.Load(data, textColumn, labelColumn, log);
        var watch = Stopwatch.StartNew();
        var model = ClassifierTrainer.Train(examples, options, name);
        var trainSeconds = watch.Elapsed.TotalSeconds;
        ModelSerializer.Save(model, modelPath);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"trained '{name}' on {model.Info.ExampleCount} rows in {trainSeconds:F1} s: {model.Labels.Count} labels, {model.FeatureCount} features, confidence scale {model.ConfidenceScale:F2}"));
        output.WriteLine(string.Create(inv, $"labels: {string.Join(", ", model.Labels)}"));
        output.WriteLine(string.Create(inv, $"model written to {modelPath} ({new FileInfo(modelPath).Length / 1024.0 / 1024.0:F1} MiB, format v{ModelSerializer.FormatVersion})"));
        return 0;
    }
}
