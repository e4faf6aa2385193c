using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Projects;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Rankings;

public sealed record RankingPeriodsView(string Period, string Label, IReadOnlyList<RankingPeriodId> Ids);

public sealed record RankingPeriodId(string Id, string Label, string To);

public sealed record RankingLevelView(string Level, string Label, IReadOnlyList<RankingPeriodsView> Periods);

public sealed record RankingCatalog(IReadOnlyList<RankingLevelView> Levels);

public sealed record TrendPoint(string PeriodId, string Label, int? Rank, int Of, RankingLineView Line);

public sealed record TrendView(string Level, string UnitId, string UnitName, IReadOnlyList<TrendPoint> Months);

public sealed record DragView(string Code, string DisplayCode, string Title, DateTimeOffset RatedAt, bool Resolved, string Satisfaction, string SatisfactionLabel, string? Comment, string UnitName);

public sealed record UnitMetricsView(RankingView Ranking, RankingLineView Line, IReadOnlyList<DragView> Drags, TrendView Trend);

public sealed record RunRankingsInput(string? From, string? To);

public sealed record OutcomeView(string Id, string Title, string State, string? TownName, double? AverageScore, int Scores, double? SatisfiedShare, double? HelpedShare, string? Recommendation, string RecommendationLabel);

public sealed record OutcomesView(int Year, ProjectThresholds Thresholds, IReadOnlyList<OutcomeView> Projects);

public sealed record ProjectThresholds(int MinScores, double RenewMinScore, double RenewMinHelpedShare, double RenewMinSatisfaction, double RetireBelowSatisfaction);

/// <summary>Rankings: the public tables and their exports, a unit's trend, a staff member's own unit in detail, on-demand runs, year-end outcomes.</summary>
public static class RankingEndpoints
{
    public static IEndpointRouteBuilder MapRankings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rankings", GetRankingCatalog).WithName(nameof(GetRankingCatalog)).AllowAnonymous();
        app.MapGet("/api/rankings/{level}/{period}/{periodId}", GetRanking).WithName(nameof(GetRanking)).AllowAnonymous();
        app.MapGet("/api/rankings/{level}/{period}/{periodId}/export", ExportRanking).WithName(nameof(ExportRanking)).AllowAnonymous();
        app.MapGet("/api/rankings/{level}/units/{unitId}/trend", GetTrend).WithName(nameof(GetTrend)).AllowAnonymous();
        app.MapGet("/api/staff/metrics", GetOwnUnitMetrics).WithName(nameof(GetOwnUnitMetrics)).RequireCapability(Capability.ViewUnitMetrics);
        app.MapPost("/api/admin/rankings/run", RunRankings).WithName(nameof(RunRankings)).RequireCapability(Capability.RunRankings);
        app.MapGet("/api/admin/rankings/outcomes", GetOutcomes).WithName(nameof(GetOutcomes)).RequireCapability(Capability.RunRankings);
        return app;
    }

    /// <summary>Every level with the periods computed for it, newest first.</summary>
    public static async Task<Ok<RankingCatalog>> GetRankingCatalog(AppTables tables, CancellationToken cancellationToken)
    {
        var index = await tables.GetAsync(RankingIndexRow.TableName, cancellationToken);
        var rows = await index.QueryAsync<RankingIndexRow>(cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var levels = RankingLevels.All.Select(level => new RankingLevelView(
            level,
            RankingLevels.Label(level),
            PeriodSpan.All.Select(period => new RankingPeriodsView(
                period,
                PeriodSpan.PeriodLabel(period),
                rows.Where(r => r.PartitionKey == level && r.Period == period)
                    .OrderByDescending(r => r.PeriodId, StringComparer.Ordinal)
                    .Select(r => new RankingPeriodId(r.PeriodId, LabelOf(period, r.PeriodId, r.To), r.To))
                    .ToList()))
            .Where(p => p.Ids.Count > 0)
            .ToList())).ToList();
        return TypedResults.Ok(new RankingCatalog(levels));
    }

    public static async Task<Results<Ok<RankingView>, ProblemHttpResult>> GetRanking(string level, string period, string periodId, AppTables tables, CancellationToken cancellationToken)
    {
        var (entity, problem) = await FindAsync(level, period, periodId, tables, cancellationToken);
        return problem ?? (Results<Ok<RankingView>, ProblemHttpResult>)TypedResults.Ok(RankingViews.ViewOf(entity!));
    }

    /// <summary>The ranking as a file: <c>?format=xlsx</c> (default) or <c>?format=csv</c>.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportRanking(string level, string period, string periodId, string? format, AppTables tables, CancellationToken cancellationToken)
    {
        format ??= "xlsx";
        if (format is not ("xlsx" or "csv"))
        {
            return Problems.Of(400, "bad_format", "导出格式应为 xlsx 或 csv");
        }

        var (entity, problem) = await FindAsync(level, period, periodId, tables, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var view = RankingViews.ViewOf(entity!);
        return format == "csv"
            ? TypedResults.File(RankingExport.Csv(view), "text/csv; charset=utf-8", RankingExport.FileName(view, "csv"))
            : TypedResults.File(RankingExport.Xlsx(view), RankingExport.XlsxContentType, RankingExport.FileName(view, "xlsx"));
    }

    /// <summary>A unit's monthly ranks and rates over the last <c>months</c> computed months (default 12).</summary>
    public static async Task<Results<Ok<TrendView>, ProblemHttpResult>> GetTrend(string level, string unitId, int? months, AppTables tables, CancellationToken cancellationToken)
    {
        if (!RankingLevels.All.Contains(level))
        {
            return Problems.Of(404, "unknown_level", $"没有“{level}”这一排名层级", $"层级应为 {string.Join("、", RankingLevels.All)}");
        }

        if (months is < 1 or > 36)
        {
            return Problems.Of(400, "bad_months", "月份数应在 1 到 36 之间");
        }

        var trend = await TrendAsync(level, unitId, months ?? 12, tables, cancellationToken);
        return trend is null ? Problems.Of(404, "unknown_unit", "这个单位还没有月度排名") : TypedResults.Ok(trend);
    }

    /// <summary>
    /// The signed-in staff member's own unit (a district admin may name any with <c>level</c> and <c>unitId</c>):
    /// its line in the chosen ranking, the rated requests that pulled its rates down, and its monthly trend.
    /// </summary>
    public static async Task<Results<Ok<UnitMetricsView>, ProblemHttpResult>> GetOwnUnitMetrics(
        ClaimsPrincipal user, string? level, string? unitId, string? period, string? periodId, AppTables tables, UnitRegistry registry, Hosting.DeploymentTime time, CancellationToken cancellationToken)
    {
        var session = StaffSession.From(user)!;
        var own = session.Role switch
        {
            Role.TownStaff => (RankingLevels.Town, session.ScopeId),
            Role.CommunityStaff => (RankingLevels.Community, session.ScopeId),
            Role.DepartmentStaff => (RankingLevels.Department, session.ScopeId),
            Role.SocialUnit => (RankingLevels.Social, session.ScopeId),
            _ => ((string?)null, (string?)null),
        };
        if (session.Role == Role.DistrictAdmin)
        {
            own = (level, unitId);
        }
        else if ((level is not null && level != own.Item1) || (unitId is not null && unitId != own.Item2))
        {
            return Problems.Of(403, "not_your_unit", "只能查看本单位的明细");
        }

        if (own.Item1 is not { } subjectLevel || own.Item2 is not { } subjectId)
        {
            return Problems.Of(400, "unit_required", "请指定层级（level）和单位（unitId）");
        }

        period ??= PeriodSpan.Month;
        if (periodId is null)
        {
            var index = await tables.GetAsync(RankingIndexRow.TableName, cancellationToken);
            var latest = await index.QueryAsync<RankingIndexRow>(TableClient.CreateQueryFilter($"PartitionKey eq {subjectLevel}"), cancellationToken: cancellationToken)
                .Where(r => r.Period == period).OrderByDescending(r => r.PeriodId, StringComparer.Ordinal).FirstOrDefaultAsync(cancellationToken);
            if (latest is null)
            {
                return Problems.Of(404, "not_computed", "还没有计算这一层级的排名", "排名每晚 2 点计算；区级管理员可在“排名计算”页立即计算");
            }

            periodId = latest.PeriodId;
        }

        var (entity, problem) = await FindAsync(subjectLevel, period, periodId, tables, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var view = RankingViews.ViewOf(entity!);
        if (view.Lines.FirstOrDefault(l => l.UnitId == subjectId) is not { } line)
        {
            return Problems.Of(404, "unknown_unit", "排名中没有这个单位");
        }

        var drags = await DragsAsync(subjectLevel, subjectId, view, tables, registry, time.Zone, cancellationToken);
        var trend = await TrendAsync(subjectLevel, subjectId, 12, tables, cancellationToken) ?? new TrendView(subjectLevel, subjectId, line.UnitName, []);
        return TypedResults.Ok(new UnitMetricsView(view, line, drags, trend));
    }

    /// <summary>Runs the ranking job now for a date range (a backfill), or for yesterday when no range is given.</summary>
    public static async Task<Results<Ok<RankingRun>, ValidationProblem>> RunRankings(RunRankingsInput? input, RankingJob job, Microsoft.Extensions.Options.IOptions<RankingOptions> options, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var from = ParseDate(input?.From, "from", validation) ?? job.Yesterday;
        var to = ParseDate(input?.To, "to", validation) ?? (input?.From is null ? job.Yesterday : from);
        if (validation.IsValid)
        {
            if (to < from)
            {
                validation.Add("to", "结束日期不能早于开始日期");
            }
            else if (to.DayNumber - from.DayNumber + 1 > options.Value.MaxRangeDays)
            {
                validation.Add("to", $"一次最多计算 {options.Value.MaxRangeDays} 天");
            }
            else if (to > job.Yesterday.AddDays(1))
            {
                validation.Add("to", "不能计算未来的日期");
            }
            else if (from.Year < 2000)
            {
                validation.Add("from", "开始日期过早");
            }
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return TypedResults.Ok(await job.RunAsync(from, to, cancellationToken));
    }

    /// <summary>The year-end outcome of every micro-project closed in <c>year</c> (default: this year): renew, retire or review.</summary>
    public static async Task<Results<Ok<OutcomesView>, ProblemHttpResult>> GetOutcomes(
        int? year, ProjectService projects, AppTables tables, UnitRegistry registry, Hosting.DeploymentTime time, Microsoft.Extensions.Options.IOptions<ProjectOptions> options, CancellationToken cancellationToken)
    {
        var y = year ?? time.Local(time.Now).Year;
        if (y is < 2000 or > 2999)
        {
            return Problems.Of(400, "bad_year", "年份不正确");
        }

        var towns = (await registry.ListAsync(UnitKind.Town, cancellationToken)).ToDictionary(t => t.Id, t => t.Name);
        var board = await tables.GetAsync(BoardRow.TableName, cancellationToken);
        var closed = await board.QueryAsync<BoardRow>(TableClient.CreateQueryFilter($"PartitionKey eq {BoardRow.Partition} and State eq {"closed"}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var outcomes = new List<OutcomeView>();
        foreach (var row in closed)
        {
            var project = await projects.FindAsync(row.RowKey, cancellationToken);
            if (project?.ClosedAt is not { } closedAt || time.Local(closedAt).Year != y)
            {
                continue;
            }

            outcomes.Add(new OutcomeView(project.Id, project.Title, project.State, towns.GetValueOrDefault(project.TownId), project.AverageScore, project.ScoreCount, project.SatisfiedShare, project.HelpedShare, project.Recommendation, ProjectService.RecommendationLabel(project.Recommendation)));
        }

        var o = options.Value;
        return TypedResults.Ok(new OutcomesView(
            y,
            new ProjectThresholds(o.MinScores, o.RenewMinScore, o.RenewMinHelpedShare, o.RenewMinSatisfaction, o.RetireBelowSatisfaction),
            outcomes.OrderBy(p => p.Recommendation switch { "retire" => 0, "review" => 1, _ => 2 }).ThenBy(p => p.AverageScore ?? 0).ThenBy(p => p.Title, StringComparer.Ordinal).ToList()));
    }

    private static async Task<(RankingEntity? Entity, ProblemHttpResult? Problem)> FindAsync(string level, string period, string periodId, AppTables tables, CancellationToken cancellationToken)
    {
        if (!RankingLevels.All.Contains(level))
        {
            return (null, Problems.Of(404, "unknown_level", $"没有“{level}”这一排名层级", $"层级应为 {string.Join("、", RankingLevels.All)}"));
        }

        if (!PeriodSpan.All.Contains(period) || !PeriodSpan.TryParse(period, periodId, DateOnly.MaxValue, out _))
        {
            return (null, Problems.Of(404, "unknown_period", "没有这个统计周期", "周期为 day、rolling30（日期 2026-11-20）、month（2026-11）、quarter（2026-Q4）或 year（2026）"));
        }

        var table = await tables.GetAsync(RankingEntity.TableName, cancellationToken);
        var entity = await table.GetEntityOrDefaultAsync<RankingEntity>(level, RankingEntity.RowKeyFor(period, periodId), cancellationToken: cancellationToken);
        return entity is null ? (null, Problems.Of(404, "not_computed", "这一周期的排名尚未计算", "排名每晚 2 点计算前一天为止的数据")) : (entity, null);
    }

    private static async Task<TrendView?> TrendAsync(string level, string unitId, int months, AppTables tables, CancellationToken cancellationToken)
    {
        var index = await tables.GetAsync(RankingIndexRow.TableName, cancellationToken);
        var ids = await index.QueryAsync<RankingIndexRow>(TableClient.CreateQueryFilter($"PartitionKey eq {level}"), cancellationToken: cancellationToken)
            .Where(r => r.Period == PeriodSpan.Month).OrderByDescending(r => r.PeriodId, StringComparer.Ordinal).Take(months).ToListAsync(cancellationToken);
        var table = await tables.GetAsync(RankingEntity.TableName, cancellationToken);
        var points = new List<TrendPoint>();
        string? name = null;
        foreach (var id in ids.OrderBy(r => r.PeriodId, StringComparer.Ordinal))
        {
            var entity = await table.GetEntityOrDefaultAsync<RankingEntity>(level, id.RowKey, cancellationToken: cancellationToken);
            if (entity is null)
            {
                continue;
            }

            var view = RankingViews.ViewOf(entity);
            if (view.Lines.FirstOrDefault(l => l.UnitId == unitId) is { } line)
            {
                name = line.UnitName;
                points.Add(new TrendPoint(view.PeriodId, view.Label, line.Rank, view.Ranked, line));
            }
        }

        return name is null ? null : new TrendView(level, unitId, name, points);
    }

    /// <summary>The requests rated unresolved or unsatisfied in the period, for the unit (and, for a street/town, its communities).</summary>
    private static async Task<IReadOnlyList<DragView>> DragsAsync(string level, string unitId, RankingView view, AppTables tables, UnitRegistry registry, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (!RankingLevels.IsUnitLevel(level))
        {
            return [];
        }

        List<(string Key, string Name)> subjects = [($"{level}|{unitId}", view.Lines.First(l => l.UnitId == unitId).UnitName)];
        if (level == RankingLevels.Town)
        {
            subjects.AddRange((await registry.ListAsync(UnitKind.Community, cancellationToken)).Where(c => c.ParentId == unitId).Select(c => ($"{RankingLevels.Community}|{c.Id}", c.Name)));
        }

        var from = DateOnly.ParseExact(view.From, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = DateOnly.ParseExact(view.To, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var table = await tables.GetAsync(DragRow.TableName, cancellationToken);
        var drags = new List<DragView>();
        foreach (var (key, name) in subjects)
        {
            for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
            {
                await foreach (var row in table.QueryAsync<DragRow>(TableClient.CreateQueryFilter($"PartitionKey eq {DragRow.PartitionFor(key, month.Year, month.Month)}"), cancellationToken: cancellationToken))
                {
                    drags.Add(new DragView(row.RowKey, Intake.TrackingCode.Display(row.RowKey), row.Title, row.RatedAt, row.Resolved, row.Satisfaction, SatisfactionLabel(row.Satisfaction), row.Comment, name));
                }
            }
        }

        return drags.Where(d => RequestMetrics.LocalDay(d.RatedAt, zone) is var day && day >= from && day <= to).OrderByDescending(d => d.RatedAt).ToList();
    }

    private static string SatisfactionLabel(string s) => s switch { "satisfied" => "满意", "basically_satisfied" => "基本满意", "unsatisfied" => "不满意", _ => s };

    private static string LabelOf(string period, string id, string to) =>
        PeriodSpan.TryParse(period, id, DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture), out var span) ? span.Label : id;

    private static DateOnly? ParseDate(string? value, string field, Validation validation)
    {
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        validation.Add(field, "日期格式应为 yyyy-MM-dd");
        return null;
    }
}
