using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Projects;

/// <summary>从热点聚类提议: the clusters a staff member may propose a micro-project from.</summary>
public static class ProjectClusterEndpoints
{
    /// <summary>
    /// The hottest clusters with requests that can still be merged in the caller's communities (a town's, or all for the
    /// district), each with those requests. <paramref name="cluster"/> puts that cluster first, read fresh, even when it
    /// has nothing to merge in the caller's communities (the page then says so).
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<ClusterCandidate>>, ProblemHttpResult>> GetClusterCandidates(
        string? cluster, int? take, ClaimsPrincipal user, ScopeAuthorization scope, ProjectClusters clusters, CancellationToken cancellationToken)
    {
        var communities = (await scope.CommunitiesInScopeAsync(user, cancellationToken)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var candidates = new List<ClusterCandidate>();
        if (!string.IsNullOrEmpty(cluster))
        {
            if (await clusters.FindAsync(cluster, communities, cancellationToken) is not { } asked)
            {
                return Problems.Of(404, "not_found", "没有这个热点聚类");
            }

            candidates.Add(asked);
        }

        var count = Math.Clamp(take ?? 10, 1, 30);
        candidates.AddRange((await clusters.HottestAsync(communities, count, cancellationToken)).Where(c => c.Id != cluster).Take(count - candidates.Count));
        return TypedResults.Ok<IReadOnlyList<ClusterCandidate>>(candidates);
    }
}
