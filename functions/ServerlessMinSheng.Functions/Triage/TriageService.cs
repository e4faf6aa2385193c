using System.Text.Json;
using ServerlessMinSheng.Analyzer;
using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Triage;

/// <summary>
/// Triage of a batch of requests from one bucket, in two idempotent steps. First the analyzer's results
/// are stored on each request still "received". Then every triaged request not yet in the projections
/// is added to the triage queue, the needs map and the clusters, and marked projected. A retry after a
/// failure anywhere redoes only what is missing; nothing is counted twice.
/// </summary>
public sealed class TriageService(
    RequestStore requests,
    AnalyzerHost analyzers,
    PendingTriage pending,
    TriageQueueProjection triageQueue,
    NeedsMapProjection needsMap,
    ClusterProjection clusters,
    TimeProvider time)
{
    public async Task TriageAsync(string bucket, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        var found = await requests.FindManyAsync(bucket, codes, cancellationToken);
        var analyzer = await analyzers.GetAsync(cancellationToken);
        var fresh = found.Where(r => r.Status == RequestStatus.Received).ToList();
        foreach (var request in fresh)
        {
            Apply(request, analyzer.Analyze(request.Code, request.Title + "\n" + request.Description, request.ReceivedAt));
        }

        if (fresh.Count > 0)
        {
            await requests.SaveAsync(fresh, cancellationToken);
            analyzers.MarkChanged();
            Telemetry.AppTelemetry.RequestsTriaged(fresh.Select(r => r.TriagedAt!.Value - r.ReceivedAt));
        }

        // Not only Triaged: staff may already have dispatched a request whose projection a crash interrupted.
        await ProjectAsync(found.Where(r => r.Status != RequestStatus.Received && r.ProjectedAt is null).ToList(), analyzer, cancellationToken);
        foreach (var hour in found.GroupBy(r => r.IntakeHour).Where(g => g.Key.Length > 0))
        {
            await pending.ClearAsync(hour.Key, hour.Select(r => r.Code).ToList(), cancellationToken);
        }

        await analyzers.CheckpointAsync(force: false, cancellationToken);
    }

    private async Task ProjectAsync(List<ResidentRequest> triaged, TextAnalyzer analyzer, CancellationToken cancellationToken)
    {
        if (triaged.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var sizes = triaged.ToDictionary(r => r.Code, r => r.ClusterId is null ? 1 : analyzer.Clusters.Get(r.ClusterId, now)?.Size ?? 1, StringComparer.Ordinal);
        await triageQueue.AddAsync(triaged.Select(r => (r, sizes[r.Code])), cancellationToken);
        await needsMap.ApplyAsync(
            NeedsMapProjection.KeyFor("t", triaged.Select(r => r.Code)),
            triaged.Where(r => r.Theme is not null).Select(r => new NeedsMapDelta(r.Month, r.CommunityId, r.Theme!, 1)),
            cancellationToken);
        await clusters.RecordAsync(triaged, analyzer.Clusters, now, cancellationToken);
        foreach (var request in triaged)
        {
            request.ProjectedAt = now;
        }

        await requests.SaveAsync(triaged, cancellationToken);
    }

    private void Apply(ResidentRequest request, RequestAnalysis analysis)
    {
        request.Status = RequestStatus.Triaged;
        request.TriagedAt = time.GetUtcNow();
        request.SuggestedTheme = request.Theme = analysis.Theme.Label;
        request.ThemeConfidence = analysis.Theme.Confidence;
        request.SuggestedDepartment = request.Department = analysis.Department.Label;
        request.DepartmentConfidence = analysis.Department.Confidence;
        request.SuggestedGrade = request.Grade = analysis.Grade.Grade.ToString();
        request.GradeReasons = JsonSerializer.Serialize(analysis.Grade.Reasons);
        request.KeyPhrases = JsonSerializer.Serialize(analysis.KeyPhrases.Select(p => p.Text));
        request.RedactedTitle = TextAnalyzer.Redact(request.Title).Text;
        request.RedactedDescription = TextAnalyzer.Redact(request.Description).Text;
        request.ClusterId = analysis.Cluster.ClusterId;
        var duplicate = analysis.Cluster.NearDuplicates.Where(d => d.Id != request.Code).MaxBy(d => d.Similarity);
        request.DuplicateOf = duplicate?.Id;
        request.DuplicateScore = duplicate?.Similarity;
    }
}
