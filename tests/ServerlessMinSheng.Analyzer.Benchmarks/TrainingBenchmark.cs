using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Taxonomies;

namespace ServerlessMinSheng.Analyzer.Benchmarks;

/// <summary>Training and model-load times; returns the path of the saved department model.</summary>
internal static class TrainingBenchmark
{
    public static string Run(string data)
    {
        var segmented = BenchmarkData.Rows(data, "train_segmented.tsv").Select(f => new LabeledText(f[2], f[1])).ToList();
        var raw = BenchmarkData.Rows(data, "train_raw.tsv").Select(f => new LabeledText(f[4], f[1])).ToList();
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"Training (all {Environment.ProcessorCount} cores; one-vs-rest classes train in parallel; includes confidence calibration)"));
        Console.WriteLine();
        Console.WriteLine("| model | rows | features | train s | model MiB | load ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");

        var modelPath = Path.Combine(Path.GetTempPath(), $"sms-benchmark-{Environment.ProcessId}.model");
        foreach (var (name, examples) in new[] { ("train_segmented", segmented), ("train_raw", raw) })
        {
            var watch = Stopwatch.StartNew();
            var model = ClassifierTrainer.Train(examples, name: name);
            var trainSeconds = watch.Elapsed.TotalSeconds;
            var path = name == "train_segmented" ? modelPath : Path.Combine(Path.GetTempPath(), $"sms-benchmark-{Environment.ProcessId}-{name}.model");
            ModelSerializer.Save(model, path);
            watch.Restart();
            var loaded = ModelSerializer.Load(path);
            var loadMs = watch.Elapsed.TotalMilliseconds;
            Console.WriteLine(string.Create(inv, $"| {name} | {examples.Count:N0} | {loaded.FeatureCount:N0} | {trainSeconds:F1} | {new FileInfo(path).Length / 1048576.0:F1} | {loadMs:F0} |"));
            if (path != modelPath)
            {
                File.Delete(path);
            }
        }

        var themeWatch = Stopwatch.StartNew();
        var themes = ThemeModel.Train();
        Console.WriteLine(string.Create(inv, $"| themes (shipped seed) | {themes.Info.ExampleCount:N0} | {themes.FeatureCount:N0} | {themeWatch.Elapsed.TotalSeconds:F1} | - | - |"));
        var departmentWatch = Stopwatch.StartNew();
        var departments = DepartmentModel.Train();
        Console.WriteLine(string.Create(inv, $"| departments (shipped seed) | {departments.Info.ExampleCount:N0} | {departments.FeatureCount:N0} | {departmentWatch.Elapsed.TotalSeconds:F1} | - | - |"));
        Console.WriteLine();
        return modelPath;
    }
}
