using ServerlessMinSheng.Analyzer.Benchmarks;

// A benchmark measures and prints; it does not pass or fail on a number.
// Usage: dotnet run -c Release --project tests/ServerlessMinSheng.Analyzer.Benchmarks [-- --messages 20000]
var data = BenchmarkData.Locate();
if (data is null)
{
    Console.Error.WriteLine("Shared petition data not found: set SMS_SHARED_DATA or run from below a directory containing shared/data/petitions.");
    return 2;
}

var messages = args.Length >= 2 && args[^2] == "--messages" ? int.Parse(args[^1], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
if (Environment.GetEnvironmentVariable(ThroughputBenchmark.ChildModelVariable) is { Length: > 0 } childModel)
{
    // Child process: pinned to one core so its figures and its peak memory are its own.
    return ThroughputBenchmark.Run(data, childModel, messages);
}

var modelPath = TrainingBenchmark.Run(data);
return ThroughputBenchmark.RunPinnedChild(modelPath, messages);
