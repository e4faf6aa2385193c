using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Triage;

/// <summary>
/// Staff confirm or correct a request's triage. The request is saved first (guarded by its ETag, so two
/// reviewers at once cannot both win silently); then the needs map moves the request between themes
/// (once per review, by key), the reviewed labels become training examples, and the request leaves the
/// triage queue.
/// </summary>
public sealed class RequestReview(RequestStore requests, NeedsMapProjection needsMap, CorrectionStore corrections, TriageQueueProjection queue, TimeProvider time)
{
    public async Task<bool> ExistsAsync(string code, CancellationToken cancellationToken) => await requests.FindAsync(code, cancellationToken) is not null;

    public async Task ApplyAsync(string code, string theme, string department, string grade, string? duplicateOf, string reviewer, CancellationToken cancellationToken)
    {
        var request = await requests.FindAsync(code, cancellationToken) ?? throw new InvalidOperationException($"Request {code} vanished during review.");
        var previousTheme = request.Theme;
        request.Theme = theme;
        request.Department = department;
        request.Grade = grade;
        request.DuplicateOf = duplicateOf;
        request.Reviews++;
        request.ReviewedAt = time.GetUtcNow();
        request.ReviewedBy = reviewer;
        await requests.SaveAsync([request], cancellationToken);

        if (request.ProjectedAt is not null && previousTheme != theme)
        {
            var deltas = new List<NeedsMapDelta> { new(request.Month, request.CommunityId, theme, 1) };
            if (previousTheme is not null)
            {
                deltas.Add(new(request.Month, request.CommunityId, previousTheme, -1));
            }

            await needsMap.ApplyAsync($"r|{code}|{request.Reviews}", deltas, cancellationToken);
        }

        var text = request.Title + "\n" + request.Description;
        await corrections.SaveAsync(CorrectionStore.Themes, code, text, theme, reviewer, cancellationToken);
        await corrections.SaveAsync(CorrectionStore.Departments, code, text, department, reviewer, cancellationToken);
        await queue.RemoveAsync(request, cancellationToken);
    }
}
