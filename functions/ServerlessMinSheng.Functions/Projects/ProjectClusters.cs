using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Triage;

namespace ServerlessMinSheng.Functions.Projects;

public sealed record ClusterCandidateMember(
    string Code, string DisplayCode, string Title, string CommunityId, string? CommunityName, string TownId, string Status, string StatusLabel, string? Theme, DateTimeOffset ReceivedAt);

/// <summary>
/// A hot topic cluster offered for a proposal: <c>Size</c> counts the whole cluster, <c>MembersInScope</c> its
/// requests in the reader's communities, <c>Members</c> those that can still be merged (at most
/// <see cref="ProjectClusters.MaxMembers"/>; <c>MoreMembers</c> when some were left out), <c>Theme</c> their most common theme.
/// </summary>
public sealed record ClusterCandidate(
    string Id, IReadOnlyList<string> Label, int Size, double Heat, string? Theme, int MembersInScope, bool MoreMembers, IReadOnlyList<ClusterCandidateMember> Members);

/// <summary>
/// 从热点聚类提议: the needs map's hottest clusters, seen through one person's communities, with the requests a
/// micro-project could still take in (not closed, not a duplicate, not merged into another project).
/// </summary>
public sealed class ProjectClusters(ClusterCache cache, ClusterProjection clusters, RequestStore requests, UnitRegistry registry, TimeProvider time)
{
    /// <summary>A project proposed from a cluster links at most this many of its requests, newest first; more can be typed.</summary>
    public const int MaxMembers = 50;

    /// <summary>Hot clusters looked at before giving up on finding more with requests in a small scope.</summary>
    private const int MaxClustersExamined = 100;

    /// <summary>Members read per cluster: a cluster whose newest requests are all closed is not searched to its end.</summary>
    private const int MaxMembersRead = 4 * MaxMembers;

    public static bool IsClusterId(string? id) => id is { Length: > 0 and <= 32 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public async Task<bool> ExistsAsync(string clusterId, CancellationToken cancellationToken) =>
        IsClusterId(clusterId) && await clusters.FindAsync(clusterId, cancellationToken) is not null;

    /// <summary>
    /// The hottest clusters (two requests or more) with a request to merge in <paramref name="communityIds"/>, hottest first.
    /// The list reads the needs map's cluster cache, so a brand-new cluster can take up to 30 s to appear;
    /// <see cref="FindAsync"/> reads one cluster fresh.
    /// </summary>
    public async Task<IReadOnlyList<ClusterCandidate>> HottestAsync(IReadOnlySet<string> communityIds, int take, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var names = await CommunityNamesAsync(cancellationToken);
        var ranked = (await cache.GetAsync(cancellationToken)).Values.Where(c => c.Size >= 2)
            .OrderByDescending(c => c.HeatAt(now)).ThenBy(c => c.RowKey, StringComparer.Ordinal).Take(MaxClustersExamined);
        var candidates = new List<ClusterCandidate>();
        foreach (var row in ranked)
        {
            var candidate = await CandidateAsync(row, communityIds, names, now, cancellationToken);
            if (candidate.Members.Count > 0)
            {
                candidates.Add(candidate);
                if (candidates.Count >= take)
                {
                    break;
                }
            }
        }

        return candidates;
    }

    /// <summary>One cluster as a candidate, even when none of its requests can be merged in <paramref name="communityIds"/>; null when there is no such cluster.</summary>
    public async Task<ClusterCandidate?> FindAsync(string clusterId, IReadOnlySet<string> communityIds, CancellationToken cancellationToken)
    {
        var row = IsClusterId(clusterId) ? await clusters.FindAsync(clusterId, cancellationToken) : null;
        return row is null ? null : await CandidateAsync(row, communityIds, await CommunityNamesAsync(cancellationToken), time.GetUtcNow(), cancellationToken);
    }

    /// <summary>The cluster's requests in <paramref name="communityIds"/> that a project can still take in, newest first, at most <paramref name="max"/>.</summary>
    public async Task<(IReadOnlyList<ResidentRequest> Members, int InScope, bool More)> MergeableAsync(
        string clusterId, IReadOnlySet<string> communityIds, int max, CancellationToken cancellationToken)
    {
        var inScope = (await clusters.MembersAsync(clusterId, cancellationToken)).Where(m => communityIds.Contains(m.CommunityId)).ToList();
        var found = new List<ResidentRequest>();
        var read = 0;
        foreach (var chunk in inScope.Take(MaxMembersRead).Chunk(16))
        {
            var chunkRequests = await Task.WhenAll(chunk.Select(m => requests.FindAsync(m.Code, cancellationToken)));
            read += chunk.Length;
            // The member row is only an index: the request itself says whether it still belongs here and can be merged.
            found.AddRange(chunkRequests.Where(r => r is not null && r.ClusterId == clusterId && IsMergeable(r)).Select(r => r!));
            if (found.Count > max)
            {
                break;
            }
        }

        return (found.Take(max).ToList(), inScope.Count, found.Count > max || read < inScope.Count);
    }

    public static bool IsMergeable(ResidentRequest request) => RequestLifecycle.Table.Find(request.Status.State(), RequestLifecycle.Merge) is not null;

    private async Task<ClusterCandidate> CandidateAsync(
        ClusterRow row, IReadOnlySet<string> communityIds, IReadOnlyDictionary<string, string> names, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (members, inScope, more) = await MergeableAsync(row.RowKey, communityIds, MaxMembers, cancellationToken);
        var theme = members.Where(m => m.Theme is not null).GroupBy(m => m.Theme!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
        return new ClusterCandidate(
            row.RowKey,
            row.LabelPhrases(),
            row.Size,
            Math.Round(row.HeatAt(now), 2),
            theme,
            inScope,
            more,
            members.Select(m => new ClusterCandidateMember(
                m.Code, TrackingCode.Display(m.Code), m.RedactedTitle ?? string.Empty, m.CommunityId, names.GetValueOrDefault(m.CommunityId), m.TownId,
                m.Status.Name(), RequestLabels.Status(m.Status), m.Theme, m.ReceivedAt)).ToList());
    }

    private async Task<IReadOnlyDictionary<string, string>> CommunityNamesAsync(CancellationToken cancellationToken) =>
        (await registry.ListAsync(UnitKind.Community, cancellationToken)).ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
}
