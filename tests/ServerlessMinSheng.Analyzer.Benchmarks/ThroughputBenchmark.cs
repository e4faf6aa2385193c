using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Clustering;
using ServerlessMinSheng.Analyzer.Grading;
using ServerlessMinSheng.Analyzer.Redaction;
using ServerlessMinSheng.Analyzer.Taxonomies;

namespace ServerlessMinSheng.Analyzer.Benchmarks;

/// <summary>Messages per second of each stage and of the whole pipeline, on one core.</summary>
internal static class ThroughputBenchmark
{
    /// <summary>Set in the child's environment: the model to load. Also what stops a child from spawning another.</summary>
    public const string ChildModelVariable = "SMS_BENCHMARK_CHILD_MODEL";

    /// <summary>Runs the measurement in a child process pinned to CPU 0; it writes to this console.</summary>
    public static int RunPinnedChild(string modelPath, int messages)
    {
        // Started through the `dotnet` host the child needs the assembly path; through the apphost it must not get it.
        var host = Environment.ProcessPath!;
        var viaDotnet = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var arguments = new List<string> { "--messages", messages.ToString(CultureInfo.InvariantCulture) };
        if (viaDotnet)
        {
            arguments.Insert(0, typeof(ThroughputBenchmark).Assembly.Location);
        }

        var start = new ProcessStartInfo(host, arguments) { UseShellExecute = false };
        start.Environment[ChildModelVariable] = modelPath;
        using var child = Process.Start(start)!;
        child.WaitForExit();
        File.Delete(modelPath);
        return child.ExitCode;
    }

    public static int Run(string data, string modelPath, int count)
    {
        // One core for the process (all its threads, including the GC's).
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }

        var inv = CultureInfo.InvariantCulture;
        var loadWatch = Stopwatch.StartNew();
        var model = ModelSerializer.Load(modelPath);
        var loadMs = loadWatch.Elapsed.TotalMilliseconds;
        var texts = BenchmarkData.Messages(data, count);
        var averageLength = texts.Average(t => t.Length);

        Console.WriteLine(string.Create(inv, $"Throughput on one core (affinity CPU 0), {count:N0} messages (the shared files repeated; mean {averageLength:F0} characters), department model loaded in {loadMs:F0} ms; at steady state after an untimed warm-up pass"));
        Console.WriteLine();
        WarmUp(model, texts);
        Console.WriteLine("| stage | seconds | messages/s |");
        Console.WriteLine("|---|---:|---:|");
        Measure("classify (department)", texts, t => model.Predict(t));
        Measure("grade", texts, t => GradeSuggester.Default.Suggest(t));
        Measure("redact", texts, t => PiiRedactor.Redact(t));
        var duplicates = new NearDuplicateIndex();
        var n = 0;
        Measure("de-duplicate (MinHash LSH index)", texts, t => duplicates.Add((n++).ToString(inv), t));

        var pipeline = new NearDuplicateIndex();
        n = 0;
        Measure("**classify + grade + redact + de-duplicate**", texts, t =>
        {
            var prediction = model.Predict(t);
            var copies = pipeline.Add((n++).ToString(inv), t);
            var grade = GradeSuggester.Default.Suggest(t, copies.Count + 1);
            var redacted = PiiRedactor.Redact(t);
            return (prediction, grade, redacted);
        });

        var analyzer = new TextAnalyzer(model, ThemeModel.Train());
        n = 0;
        var start = DateTimeOffset.UnixEpoch;
        Measure("full triage: TextAnalyzer.Analyze (+ theme, key phrases, topic clusters)", texts, t => analyzer.Analyze((n++).ToString(inv), t, start.AddMinutes(n)));

        using var self = Process.GetCurrentProcess();
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Peak working set of this process (model, {count:N0} texts, all indexes): {self.PeakWorkingSet64 / 1048576.0:F0} MiB; managed heap now {GC.GetTotalMemory(false) / 1048576.0:F0} MiB; {analyzer.Clusters.ClusterCount:N0} topic clusters"));
        return 0;
    }

    /// <summary>
    /// Untimed passes so that every stage runs at steady state: .NET compiles hot methods
    /// again with optimisations (tiered compilation, PGO) only after they have run for a
    /// while, and a long-running triage worker lives at that steady state. One pass of the
    /// pipeline over all messages with throw-away indexes, and full triage over 2,000.
    /// </summary>
    private static void WarmUp(TextClassifier model, List<string> texts)
    {
        var duplicates = new NearDuplicateIndex();
        var n = 0;
        foreach (var text in texts)
        {
            model.Predict(text);
            GradeSuggester.Default.Suggest(text, duplicates.Add((n++).ToString(CultureInfo.InvariantCulture), text).Count + 1);
            PiiRedactor.Redact(text);
        }

        var analyzer = new TextAnalyzer(model, ThemeModel.Train());
        foreach (var text in texts.Take(2_000))
        {
            analyzer.Analyze((n++).ToString(CultureInfo.InvariantCulture), text, DateTimeOffset.UnixEpoch);
        }
    }

    private static void Measure<T>(string stage, List<string> texts, Func<string, T> work)
    {
        var sink = 0;
        var watch = Stopwatch.StartNew();
        foreach (var text in texts)
        {
            sink += work(text) is null ? 0 : 1;
        }

        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {seconds:F2} | {texts.Count / seconds:N0} |"));
        GC.KeepAlive(sink);
    }
}
