using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Analyzer.Taxonomies;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Triage;

public sealed record ReviewInput(string? Theme, string? Department, string? Grade, string? DuplicateOf);

public sealed record TriageListItem(
    string Code, string DisplayCode, string Title, string? Theme, string? Department, string? Grade, string? ClusterId, int ClusterSize,
    IReadOnlyList<string> ClusterLabel, DateTimeOffset ReceivedAt, string Channel, string ChannelLabel, string? DuplicateOf);

public sealed record TriageList(IReadOnlyList<UnitView> Communities, IReadOnlyList<TriageListItem> Items);

public sealed record CategoryView(string Id, string Name);

public sealed record TaxonomiesView(IReadOnlyList<CategoryView> Themes, IReadOnlyList<CategoryView> Departments, IReadOnlyList<CategoryView> Grades);

/// <summary>梳理整合: the staff triage queue, a request's full detail, confirming or correcting its triage, and retraining.</summary>
public static class ReviewEndpoints
{
    private static readonly CategoryView[] Grades =
    [
        new("A", "A 重要且有代表性（多人反映、反复出现或受益面广）"),
        new("B", "B 情况复杂（涉及多个部门、法律或历史遗留问题）"),
        new("C", "C 即时可办（一个单位马上能解决的具体问题）"),
    ];

    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/triage", GetTriageQueue).WithName(nameof(GetTriageQueue)).RequireCapability(Capability.ReviewTriage);
        app.MapGet("/api/triage/taxonomies", GetTaxonomies).WithName(nameof(GetTaxonomies)).RequireCapability(Capability.ReviewTriage);
        // Reviewers in the area or the unit the request is dispatched to: StaffRequestReader decides.
        app.MapGet("/api/staff/requests/{code}", GetStaffRequest).WithName(nameof(GetStaffRequest));
        app.MapPost("/api/staff/requests/{code}/review", ReviewRequest).WithName(nameof(ReviewRequest)).RequireCapability(Capability.ReviewTriage);
        app.MapPost("/api/admin/triage/retrain", RetrainAnalyzer).WithName(nameof(RetrainAnalyzer)).RequireCapability(Capability.RetrainAnalyzer);
        return app;
    }

    public static async Task<Results<Ok<TriageList>, ProblemHttpResult>> GetTriageQueue(
        string? communityId, string? sort, ClaimsPrincipal user, ScopeAuthorization scope, TriageQueueProjection queue, ClusterCache clusters, CancellationToken cancellationToken)
    {
        var communities = await scope.CommunitiesInScopeAsync(user, cancellationToken);
        if (!string.IsNullOrEmpty(communityId) && communities.All(c => c.Id != communityId))
        {
            return Problems.Of(403, "out_of_scope", "无权查看其他社区的诉求");
        }

        var ids = string.IsNullOrEmpty(communityId) ? communities.Select(c => c.Id).ToList() : [communityId];
        var rows = await queue.ListAsync(ids, 200, cancellationToken);
        var known = await clusters.GetAsync(cancellationToken);
        var items = rows.Select(r =>
        {
            var cluster = r.ClusterId is null ? null : known.GetValueOrDefault(r.ClusterId);
            return new TriageListItem(r.Code, TrackingCode.Display(r.Code), r.Title, r.Theme, r.Department, r.Grade, r.ClusterId,
                cluster?.Size ?? r.ClusterSize, cluster?.LabelPhrases() ?? [], r.ReceivedAt, r.Channel.Name(), RequestLabels.Channel(r.Channel), r.DuplicateOf);
        });
        var ordered = sort == "hottest"
            ? items.OrderByDescending(i => i.ClusterSize).ThenByDescending(i => i.ReceivedAt)
            : items.OrderByDescending(i => i.ReceivedAt);
        return TypedResults.Ok(new TriageList(communities.Select(UnitView.From).ToList(), ordered.Take(200).ToList()));
    }

    public static Ok<TaxonomiesView> GetTaxonomies() => TypedResults.Ok(new TaxonomiesView(
        Taxonomy.Themes.Categories.Select(c => new CategoryView(c.Id, c.Name)).ToList(),
        Taxonomy.Departments.Categories.Select(c => new CategoryView(c.Id, c.Name)).ToList(),
        Grades));

    public static async Task<Results<Ok<StaffRequestView>, ProblemHttpResult>> GetStaffRequest(string code, ClaimsPrincipal user, StaffRequestReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(code, user, cancellationToken) switch
        {
            (null, var problem) => problem!,
            (var view, _) => TypedResults.Ok(view!),
        };

    public static async Task<Results<Ok<StaffRequestView>, ValidationProblem, ProblemHttpResult>> ReviewRequest(
        string code, ReviewInput input, ClaimsPrincipal user, StaffRequestReader reader, RequestReview review, CancellationToken cancellationToken)
    {
        var (current, problem) = await reader.ReadForReviewAsync(code, user, cancellationToken);
        if (current is null)
        {
            return problem!;
        }

        var validation = new Validation();
        if (Taxonomy.Themes.FindByName(input.Theme ?? string.Empty) is null)
        {
            validation.Add("theme", "请选择主题");
        }

        if (Taxonomy.Departments.FindByName(input.Department ?? string.Empty) is null)
        {
            validation.Add("department", "请选择责任部门类别");
        }

        if (Grades.All(g => g.Id != input.Grade))
        {
            validation.Add("grade", "请选择分级（A、B 或 C）");
        }

        string? duplicateOf = null;
        if (!string.IsNullOrWhiteSpace(input.DuplicateOf))
        {
            if (!TrackingCode.TryNormalize(input.DuplicateOf, out var other) || other == current.TrackingCode)
            {
                validation.Add("duplicateOf", "重复诉求的查询码有误");
            }
            else if (!await review.ExistsAsync(other, cancellationToken))
            {
                validation.Add("duplicateOf", "没有找到这个查询码对应的诉求");
            }
            else
            {
                duplicateOf = other;
            }
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        await review.ApplyAsync(current.TrackingCode, input.Theme!, input.Department!, input.Grade!, duplicateOf, StaffSession.From(user)!.Username, cancellationToken);
        var (updated, _) = await reader.ReadForReviewAsync(code, user, cancellationToken);
        return TypedResults.Ok(updated!);
    }

    public static async Task<Ok<RetrainResult>> RetrainAnalyzer(AnalyzerHost analyzers, CancellationToken cancellationToken) =>
        TypedResults.Ok(await analyzers.RetrainAsync(cancellationToken));

    internal static IReadOnlyList<string> JsonList(string? json) => string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
