using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ServerlessMinSheng.Intake.Benchmarks;

/// <summary>
/// A year-end survey of <c>rows</c> opinions uploaded by a staff member through POST /api/imports, timed
/// until every row is stored, triaged and counted in the needs map; then the same file again.
/// </summary>
internal sealed class ImportBenchmark(BenchmarkSite site, IReadOnlyList<Opinion> opinions, int rows, int maxChars)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(20);

    public async Task RunAsync()
    {
        var file = PetitionTexts.SurveyCsv(opinions, site.Communities.Select(c => c.Name).ToList(), rows, maxChars);
        var meanChars = Enumerable.Range(0, rows).Average(i => PetitionTexts.Cut(opinions[i % opinions.Count].Body, maxChars).Length);
        Console.WriteLine(Invariant($"## Survey import: {rows:N0} rows, {file.Length / 1048576.0:0.0} MiB CSV, opinions cut to ≤ {maxChars} characters (mean {meanChars:0}), {site.Communities.Count} communities"));
        var baseline = await site.NeedsMapTotalAsync();
        var logFrom = site.OutputLineCount;
        var cpuStart = site.Cpu.Take();
        var clock = Stopwatch.StartNew();

        using var upload = await site.Staff.PostFileAsync("/api/imports", "year-end-survey.csv", file);
        await SiteClient.EnsureAsync(upload, "upload");
        var uploaded = clock.Elapsed;
        var id = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("importId").GetString()!;

        TimeSpan? chunked = null, done = null, counted = null;
        JsonElement report = default;
        var lastPrint = TimeSpan.Zero;
        while (done is null || counted is null)
        {
            if (clock.Elapsed > GiveUpAfter)
            {
                throw new TimeoutException($"The import did not finish in {GiveUpAfter}; last report: {report}");
            }

            await Task.Delay(Poll);
            report = await site.Staff.GetJsonAsync($"/api/imports/{id}");
            var status = report.GetProperty("status").GetString();
            if (status == "failed")
            {
                throw new InvalidOperationException($"The import failed: {report.GetProperty("error")}");
            }

            var inNeedsMap = await site.NeedsMapTotalAsync() - baseline;
            chunked ??= report.GetProperty("chunksTotal").GetInt32() > 0 ? clock.Elapsed : null;
            done ??= status == "done" ? clock.Elapsed : null;
            counted ??= inNeedsMap >= rows - report.GetProperty("rejectedRows").GetInt32() && chunked is not null ? clock.Elapsed : null;
            if (clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(5))
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine(Invariant($"  {clock.Elapsed.TotalSeconds,5:0} s: {status}, chunks {report.GetProperty("chunksDone").GetInt32()}/{report.GetProperty("chunksTotal").GetInt32()}, rows done {report.GetProperty("importedRows").GetInt32():N0}, in needs map {inNeedsMap:N0}"));
            }
        }

        var cpuEnd = site.Cpu.Take();
        var total = done.Value > counted.Value ? done.Value : counted.Value;
        var stored = report.GetProperty("importedRows").GetInt32();
        Console.WriteLine(Invariant($"Total: {total.TotalSeconds:0.0} s from upload to every row stored, triaged and in the needs map = {stored / total.TotalSeconds:N0} rows/s (target ≤ 60 s)"));
        Console.WriteLine(Invariant($"  upload (HTTP, {file.Length / 1048576.0:0.0} MiB)            {uploaded.TotalSeconds,6:0.0} s"));
        Console.WriteLine(Invariant($"  until parsed and cut into chunks     {chunked!.Value.TotalSeconds,6:0.0} s (queue pick-up {(report.GetProperty("startedAt").GetDateTimeOffset() - report.GetProperty("uploadedAt").GetDateTimeOffset()).TotalSeconds:0.0} s after upload)"));
        Console.WriteLine(Invariant($"  chunks stored + triaged + projected  {(done.Value - chunked.Value).TotalSeconds,6:0.0} s ({report.GetProperty("chunksTotal").GetInt32()} chunks, {stored / (done.Value - chunked.Value).TotalSeconds:N0} rows/s)"));
        Console.WriteLine(Invariant($"  import report done at {done.Value.TotalSeconds:0.0} s, needs map complete at {counted.Value.TotalSeconds:0.0} s (polled every {Poll.TotalMilliseconds:0} ms)"));
        PrintExecutions(site.Executions(logFrom));
        Console.WriteLine("  " + CpuMeter.Report(cpuStart, cpuEnd));

        await VerifyAsync(id, rows - report.GetProperty("rejectedRows").GetInt32(), baseline, "after the import");
        await ReuploadAsync(file, id, rows - report.GetProperty("rejectedRows").GetInt32(), baseline);
        foreach (var (kind, count) in site.Problems(logFrom).Take(10))
        {
            Console.WriteLine($"  app logged {count}x: {kind}");
        }

        Console.WriteLine();
    }

    private async Task ReuploadAsync(byte[] file, string id, int expected, int baseline)
    {
        var clock = Stopwatch.StartNew();
        using var again = await site.Staff.PostFileAsync("/api/imports", "year-end-survey (again).csv", file);
        var answer = await again.Content.ReadAsStringAsync();
        Console.WriteLine(Invariant($"Re-upload of the same file: {(int)again.StatusCode} in {clock.Elapsed.TotalSeconds:0.00} s: {answer}"));
        if (again.StatusCode == HttpStatusCode.Accepted)
        {
            Console.WriteLine("  the app accepted it as a new import; waiting 60 s for whatever it does");
            await Task.Delay(TimeSpan.FromSeconds(60));
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(5)); // Anything it queued would have started by now.
        }

        await VerifyAsync(id, expected, baseline, "after the re-upload");
    }

    private async Task VerifyAsync(string id, int expected, int baseline, string when)
    {
        var all = await site.ScanRequestsAsync();
        var mine = all.Where(r => r.ImportId == id).ToList();
        var otherImports = all.Count(r => r.ImportId is not null && r.ImportId != id);
        var lines = mine.Select(r => r.ImportLine).Distinct().Count();
        var triaged = mine.Count(r => r.Status == Functions.Intake.RequestStatus.Triaged && r.ProjectedAt is not null);
        var needsMap = await site.NeedsMapTotalAsync() - baseline;
        var publicMap = await site.PublicNeedsMapTotalAsync() - baseline;
        Console.WriteLine(Invariant($"Check {when}: {mine.Count:N0} stored rows of this import ({lines:N0} distinct lines, expected {expected:N0}), {triaged:N0} triaged and projected, {otherImports:N0} rows of other imports; needs map +{needsMap:N0} (public GET /api/needs-map +{publicMap:N0}) → duplicates: {mine.Count - lines + otherImports}"));
    }

    private static void PrintExecutions(IReadOnlyList<(string Function, int DequeueCount, double Milliseconds)> runs)
    {
        foreach (var function in runs.GroupBy(r => r.Function))
        {
            var retries = function.Count(r => r.DequeueCount > 1);
            Console.WriteLine(Invariant($"  {function.Key}: {function.Count()} runs ({retries} retried), each {Latency.Summary(function.Select(r => r.Milliseconds))}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
