using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Analyzer.Taxonomies;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Registry;

namespace ServerlessMinSheng.Functions.Triage;

public sealed record NeedsMapCommunity(string Id, string Name, string? TownName);

public sealed record NeedsMapCell(string Month, string CommunityId, string Theme, int Count);

public sealed record MonthCount(string Month, int Count);

public sealed record HotCluster(string Id, IReadOnlyList<string> Label, int Size, long Likes, double Heat, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<MonthCount> Months);

public sealed record NeedsMapView(
    string From, string To, IReadOnlyList<string> Months, IReadOnlyList<CategoryView> Themes, IReadOnlyList<NeedsMapCommunity> Communities,
    IReadOnlyList<NeedsMapCell> Cells, IReadOnlyList<HotCluster> TopClusters);

/// <summary>民生需求图: requests by theme × community × month from the counters, and the hottest topics. Public: numbers and topic phrases only.</summary>
public static class NeedsMapEndpoints
{
    public static IEndpointRouteBuilder MapNeedsMap(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/needs-map", GetNeedsMap).WithName(nameof(GetNeedsMap)).AllowAnonymous();
        return app;
    }

    public static async Task<Ok<NeedsMapView>> GetNeedsMap(
        int? months, DeploymentTime clock, NeedsMapProjection needsMap, ClusterCache clusterCache, ClusterProjection clusters, UnitRegistry registry, CancellationToken cancellationToken)
    {
        var count = Math.Clamp(months ?? 12, 1, 36);
        var current = clock.Local(clock.Now);
        var monthList = Enumerable.Range(0, count).Select(i => new DateTime(current.Year, current.Month, 1).AddMonths(i - count + 1).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        var cells = new List<NeedsMapCell>();
        foreach (var month in monthList)
        {
            foreach (var row in await needsMap.ReadMonthAsync(month, cancellationToken))
            {
                var parts = row.RowKey.Split('|', 3);
                if (parts.Length == 3 && row.GetInt32("Count") is > 0 and var n)
                {
                    cells.Add(new NeedsMapCell(month, parts[1], parts[2], n));
                }
            }
        }

        var towns = (await registry.ListAsync(UnitKind.Town, cancellationToken)).ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        var communities = (await registry.ListAsync(UnitKind.Community, cancellationToken))
            .Select(c => new NeedsMapCommunity(c.Id, c.Name, c.ParentId is null ? null : towns.GetValueOrDefault(c.ParentId))).ToList();

        var now = clock.Now;
        var hottest = (await clusterCache.GetAsync(cancellationToken)).Values.Where(c => c.Size >= 2)
            .Select(c => (Row: c, Heat: c.HeatAt(now)))
            .OrderByDescending(c => c.Heat).Take(10).ToList();
        var top = new List<HotCluster>();
        foreach (var (row, heat) in hottest)
        {
            var trend = await clusters.TrendAsync(row.RowKey, cancellationToken);
            top.Add(new HotCluster(row.RowKey, row.LabelPhrases(), row.Size, row.Likes, Math.Round(heat, 2), row.FirstSeen, row.LastSeen,
                monthList.Select(m => new MonthCount(m, trend.GetValueOrDefault(m))).ToList()));
        }

        return TypedResults.Ok(new NeedsMapView(
            monthList[0], monthList[^1], monthList, Taxonomy.Themes.Categories.Select(c => new CategoryView(c.Id, c.Name)).ToList(), communities, cells, top));
    }
}
