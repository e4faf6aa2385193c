using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ServerlessMinSheng.Intake.Benchmarks;

/// <summary>
/// The anonymous resident form (POST /api/requests) at a steady rate from one client, open loop: each
/// submission leaves at its scheduled time whether or not earlier ones were answered, so a slow app
/// meets the same arrivals a real crowd would bring. Then every tracking code is looked up.
/// </summary>
internal sealed class FormLoadBenchmark(BenchmarkSite site, IReadOnlyList<Opinion> opinions)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    private sealed record Submission(HttpStatusCode? Status, string? Error, double LatencyMs, double SendLagMs, DateTimeOffset AnsweredAt, string? Code);

    public async Task RunAsync(double rate, int seconds, int round)
    {
        var count = (int)Math.Round(rate * seconds);
        Console.WriteLine(Invariant($"## Resident form: {rate:0} submissions/s for {seconds} s ({count:N0}), open loop, one client"));
        using var resident = new SiteClient(site.Address, TimeSpan.FromSeconds(30));
        await resident.PrepareAsync();
        var baseline = await site.NeedsMapTotalAsync();
        var logFrom = site.OutputLineCount;
        var cpuStart = site.Cpu.Take();

        var submissions = await SendAllAsync(resident, rate, count, round);
        var cpuSent = site.Cpu.Take();
        var accepted = submissions.Where(s => s.Status == HttpStatusCode.Accepted).ToList();
        var lastAccepted = accepted.Count == 0 ? DateTimeOffset.UtcNow : accepted.Max(s => s.AnsweredAt);
        var sendWindow = Stopwatch.GetElapsedTime(cpuStart.Timestamp, cpuSent.Timestamp);
        Console.WriteLine(Invariant($"Sent {count:N0} in {sendWindow.TotalSeconds:0.0} s (all answered); 202: {accepted.Count:N0}; others: {Others(submissions)}"));
        Console.WriteLine($"  latency of 202s (from the scheduled send): {Latency.Summary(accepted.Select(s => s.LatencyMs))}");
        Console.WriteLine($"  sender lag behind schedule: {Latency.Summary(submissions.Select(s => s.SendLagMs))}");
        Console.WriteLine("  while sending: " + CpuMeter.Report(cpuStart, cpuSent));

        // Triage has caught up when no stored request awaits triage: the app's pending markers are gone (submissions the
        // client gave up on may have been stored too; they count). Only that small table is polled: scanning the
        // needs map every second would itself load the table service as its marker rows pile up.
        var drain = Stopwatch.StartNew();
        while (await site.PendingTriageCountAsync() > 0 && drain.Elapsed < DrainLimit)
        {
            await Task.Delay(2000);
        }

        var caughtUp = DateTimeOffset.UtcNow;
        var cpuDrained = site.Cpu.Take();
        Console.WriteLine(Invariant($"Triage {(drain.Elapsed >= DrainLimit ? "had NOT caught up" : "caught up")} {(caughtUp - lastAccepted).TotalSeconds:0.0} s after the last 202 (polled every 2 s; {await site.PendingTriageCountAsync():N0} awaiting triage, needs map +{await site.NeedsMapTotalAsync() - baseline:N0} for {accepted.Count:N0} accepted{(drain.Elapsed >= DrainLimit ? $", gave up after {DrainLimit.TotalMinutes:0} minutes" : string.Empty)})"));
        Console.WriteLine("  while catching up: " + CpuMeter.Report(cpuSent, cpuDrained));
        foreach (var function in site.Executions(logFrom).GroupBy(r => r.Function))
        {
            Console.WriteLine(Invariant($"  {function.Key}: {function.Count():N0} runs ({function.Count(r => r.DequeueCount > 1)} retried), each {Latency.Summary(function.Select(r => r.Milliseconds))}"));
        }

        await VerifyAsync(accepted, lastAccepted);
        foreach (var (kind, times) in site.Problems(logFrom).Take(10))
        {
            Console.WriteLine($"  app logged {times}x: {kind}");
        }

        Console.WriteLine();
    }

    private async Task<Submission[]> SendAllAsync(SiteClient resident, double rate, int count, int round)
    {
        var results = new Task<Submission>[count];
        var start = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / rate;

        // A dedicated thread keeps the schedule: thread-pool hiccups while thousands of answers come back must not delay sends.
        var sender = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < due)
                {
                    if (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 500)
                    {
                        Thread.Sleep(1);
                    }
                    else
                    {
                        Thread.SpinWait(50);
                    }
                }

                results[i] = SubmitAsync(resident, i, round, due);
            }
        }) { IsBackground = true, Name = "form-sender" };
        sender.Start();
        sender.Join();
        return await Task.WhenAll(results);
    }

    private async Task<Submission> SubmitAsync(SiteClient resident, int i, int round, long due)
    {
        var sendLag = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
        var opinion = opinions[(i * 7 + round * 101) % opinions.Count];
        var body = new
        {
            title = opinion.Title.Length > 0 ? PetitionTexts.Cut(opinion.Title, 100) : PetitionTexts.Cut(opinion.Body, 30),
            description = PetitionTexts.Cut(opinion.Body, 4000),
            communityId = site.Communities[i % site.Communities.Count].Id,
            isPublic = i % 3 != 0,
            idempotencyKey = Invariant($"bench-{round}-{i}"),
        };
        try
        {
            using var response = await resident.PostJsonAsync("/api/requests", body);
            var text = await response.Content.ReadAsStringAsync();
            var latency = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            var code = response.StatusCode == HttpStatusCode.Accepted ? JsonDocument.Parse(text).RootElement.GetProperty("trackingCode").GetString() : null;
            return new Submission(response.StatusCode, null, latency, sendLag, DateTimeOffset.UtcNow, code);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new Submission(null, ex is TaskCanceledException ? "timeout (30 s)" : ex.GetType().Name + ": " + ex.Message, Stopwatch.GetElapsedTime(due).TotalMilliseconds, sendLag, DateTimeOffset.UtcNow, null);
        }
    }

    /// <summary>Every accepted code must be found by GET /api/requests/{code} (else it is lost) and be triaged (else it is still waiting).</summary>
    private async Task VerifyAsync(List<Submission> accepted, DateTimeOffset lastAccepted)
    {
        using var lookup = new SiteClient(site.Address);
        var outcomes = new List<(string Status, DateTimeOffset? Received, DateTimeOffset? Triaged)>();
        await Parallel.ForEachAsync(accepted, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (submission, cancellationToken) =>
        {
            using var response = await lookup.GetAsync($"/api/requests/{submission.Code}");
            (string, DateTimeOffset?, DateTimeOffset?) outcome = ($"HTTP {(int)response.StatusCode}", null, null);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
                var timeline = view.GetProperty("timeline").EnumerateArray().ToDictionary(e => e.GetProperty("kind").GetString()!, e => e.GetProperty("at").GetDateTimeOffset());
                outcome = (view.GetProperty("status").GetString()!, timeline.GetValueOrDefault("received"), timeline.TryGetValue("triaged", out var t) ? t : null);
            }

            lock (outcomes)
            {
                outcomes.Add(outcome);
            }
        });

        var triaged = outcomes.Where(o => o.Status == "triaged" && o.Triaged is not null).ToList();
        var notFound = outcomes.Count(o => o.Status.StartsWith("HTTP", StringComparison.Ordinal));
        var waiting = outcomes.Count - triaged.Count - notFound;
        Console.WriteLine(Invariant($"Lookup of every tracking code: {triaged.Count:N0} of {accepted.Count:N0} found and triaged; lost (not found): {notFound}{(notFound > 0 ? " (" + string.Join(", ", outcomes.Where(o => o.Status.StartsWith("HTTP", StringComparison.Ordinal)).GroupBy(o => o.Status).Select(g => $"{g.Key}: {g.Count()}")) + ")" : string.Empty)}; found but not yet triaged: {waiting}"));
        if (triaged.Count > 0)
        {
            Console.WriteLine($"  submit → triaged per request (server times): {Latency.Summary(triaged.Select(o => (o.Triaged!.Value - o.Received!.Value).TotalMilliseconds))}");
            Console.WriteLine(Invariant($"  last request triaged {(triaged.Max(o => o.Triaged!.Value) - lastAccepted).TotalSeconds:0.0} s after the last 202"));
        }
    }

    private static string Others(IEnumerable<Submission> submissions)
    {
        var others = submissions.Where(s => s.Status != HttpStatusCode.Accepted).GroupBy(s => s.Error ?? $"HTTP {(int)s.Status!}").Select(g => $"{g.Key}: {g.Count()}").ToList();
        return others.Count == 0 ? "none" : string.Join(", ", others);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
