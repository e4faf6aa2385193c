using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Registry;

public sealed record UnitView(string Id, string Kind, string Name, string? ParentId, string? Category)
{
    public static UnitView From(Unit unit) => new(unit.Id, unit.Kind.Name(), unit.Name, unit.ParentId, unit.Category);
}

public sealed record TownView(string Id, string Name, IReadOnlyList<UnitView> Communities);

public sealed record UnitInput(string? Name, string? TownId, string? Category);

public sealed record StaffView(string Username, string DisplayName, string Role, string RoleLabel);

/// <summary>The area and unit registry: towns → communities for everyone; departments and social units for staff; changes for the district admin.</summary>
public static class RegistryEndpoints
{
    public static WebApplicationBuilder AddRegistry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UnitRegistry>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/areas", GetAreas).WithName(nameof(GetAreas)).AllowAnonymous();
        app.MapGet("/api/units/{kind}", GetUnits).WithName(nameof(GetUnits));
        app.MapGet("/api/communities/{id}/staff", GetCommunityStaff).WithName(nameof(GetCommunityStaff)).RequireCapability(Capability.ViewScopedAreas);

        var areas = app.MapGroup("/api/admin").RequireCapability(Capability.ManageAreas);
        areas.MapPost("/towns", CreateTown).WithName(nameof(CreateTown));
        areas.MapPatch("/towns/{id}", UpdateTown).WithName(nameof(UpdateTown));
        areas.MapPost("/communities", CreateCommunity).WithName(nameof(CreateCommunity));
        areas.MapPatch("/communities/{id}", UpdateCommunity).WithName(nameof(UpdateCommunity));

        var units = app.MapGroup("/api/admin").RequireCapability(Capability.ManageUnits);
        units.MapPost("/departments", CreateDepartment).WithName(nameof(CreateDepartment));
        units.MapPatch("/departments/{id}", UpdateDepartment).WithName(nameof(UpdateDepartment));
        units.MapPost("/social-units", CreateSocialUnit).WithName(nameof(CreateSocialUnit));
        units.MapPatch("/social-units/{id}", UpdateSocialUnit).WithName(nameof(UpdateSocialUnit));
        return app;
    }

    /// <summary>Towns with their communities: the resident form's community picker and the admin area tree.</summary>
    public static async Task<Ok<IReadOnlyList<TownView>>> GetAreas(UnitRegistry registry, CancellationToken cancellationToken)
    {
        var towns = await registry.ListAsync(UnitKind.Town, cancellationToken);
        var communities = await registry.ListAsync(UnitKind.Community, cancellationToken);
        IReadOnlyList<TownView> tree = towns
            .Select(t => new TownView(t.Id, t.Name, communities.Where(c => c.ParentId == t.Id).Select(UnitView.From).ToList()))
            .ToList();
        return TypedResults.Ok(tree);
    }

    public static async Task<Results<Ok<IReadOnlyList<UnitView>>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>>> GetUnits(string kind, UnitRegistry registry, CancellationToken cancellationToken)
    {
        var parsed = kind switch { "departments" => UnitKind.Department, "social-units" => UnitKind.SocialUnit, _ => (UnitKind?)null };
        if (parsed is null)
        {
            return TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails { Title = "没有这类单位", Detail = "Use departments or social-units.", Status = 404 });
        }

        IReadOnlyList<UnitView> units = (await registry.ListAsync(parsed.Value, cancellationToken)).Select(UnitView.From).ToList();
        return TypedResults.Ok(units);
    }

    public static async Task<Results<Ok<IReadOnlyList<StaffView>>, ProblemHttpResult>> GetCommunityStaff(
        string id, ClaimsPrincipal user, UnitRegistry registry, ScopeAuthorization scope, UserStore users, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(UnitKind.Community, id, cancellationToken) is null)
        {
            return Problems.Of(404, "not_found", "没有这个社区");
        }

        if (!await scope.CanAccessCommunityAsync(user, id, cancellationToken))
        {
            return Problems.Of(403, "out_of_scope", "无权查看其他社区的数据", "Your account is scoped to another area.");
        }

        IReadOnlyList<StaffView> staff = (await users.ListAsync(cancellationToken))
            .Where(u => !u.Disabled && u.ScopeKind == ScopeKind.Community && u.ScopeId == id)
            .Select(u => new StaffView(u.Username, u.DisplayName, u.Role.Name(), u.Role.Label()))
            .ToList();
        return TypedResults.Ok(staff);
    }

    public static Task<Results<Created<UnitView>, ValidationProblem, ProblemHttpResult>> CreateTown(UnitInput input, UnitRegistry registry, CancellationToken cancellationToken) =>
        CreateAsync(UnitKind.Town, input, registry, "街道/乡镇名称", cancellationToken);

    public static Task<Results<Ok<UnitView>, ValidationProblem, ProblemHttpResult>> UpdateTown(string id, UnitInput input, UnitRegistry registry, CancellationToken cancellationToken) =>
        UpdateAsync(UnitKind.Town, id, input, registry, "街道/乡镇名称", cancellationToken);

    public static Task<Results<Created<UnitView>, ValidationProblem, ProblemHttpResult>> CreateCommunity(UnitInput input, UnitRegistry registry, CancellationToken cancellationToken) =>
        CreateAsync(UnitKind.Community, input, registry, "社区/村名称", cancellationToken);

    public static Task<Results<Ok<UnitView>, ValidationProblem, ProblemHttpResult>> UpdateCommunity(string id, UnitInput input, UnitRegistry registry, CancellationToken cancellationToken) =>
        UpdateAsync(UnitKind.Community, id, input, registry, "社区/村名称", cancellationToken);

    public static Task<Results<Created<UnitView>, ValidationProblem, ProblemHttpResult>> CreateDepartment(UnitInput input, UnitRegistry registry, CancellationToken cancellationToken) =>
        CreateAsync(UnitKind.Department, input, registry, "部门名称", cancellationToken);

    public static Task<Results<Ok<UnitView>, ValidationProblem, ProblemHttpResult>> UpdateDepartment(string id, UnitInput input, UnitRegistry registry, CancellationToken cancellationToken) =>
        UpdateAsync(UnitKind.Department, id, input, registry, "部门名称", cancellationToken);

    public static Task<Results<Created<UnitView>, ValidationProblem, ProblemHttpResult>> CreateSocialUnit(UnitInput input, UnitRegistry registry, CancellationToken cancellationToken) =>
        CreateAsync(UnitKind.SocialUnit, input, registry, "单位名称", cancellationToken);

    public static Task<Results<Ok<UnitView>, ValidationProblem, ProblemHttpResult>> UpdateSocialUnit(string id, UnitInput input, UnitRegistry registry, CancellationToken cancellationToken) =>
        UpdateAsync(UnitKind.SocialUnit, id, input, registry, "单位名称", cancellationToken);

    private static async Task<Results<Created<UnitView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        UnitKind kind, UnitInput input, UnitRegistry registry, string label, CancellationToken cancellationToken)
    {
        var validation = await ValidateAsync(kind, input, registry, label, creating: true, cancellationToken);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var change = await registry.CreateAsync(kind, input.Name!, kind == UnitKind.Community ? input.TownId : null, CategoryOf(kind, input), cancellationToken);
        return change switch
        {
            RegistryChange.Done done => TypedResults.Created($"/api/units/{kind.Name()}/{done.Unit.Id}", UnitView.From(done.Unit)),
            _ => Problems.Of(409, "duplicate_name", $"已有同名的{label.Replace("名称", string.Empty, StringComparison.Ordinal)}", $"'{input.Name}' already exists."),
        };
    }

    private static async Task<Results<Ok<UnitView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        UnitKind kind, string id, UnitInput input, UnitRegistry registry, string label, CancellationToken cancellationToken)
    {
        var validation = await ValidateAsync(kind, input, registry, label, creating: false, cancellationToken);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var change = await registry.UpdateAsync(kind, id, input.Name!, kind == UnitKind.Community ? input.TownId : null, CategoryOf(kind, input), cancellationToken);
        return change switch
        {
            RegistryChange.Done done => TypedResults.Ok(UnitView.From(done.Unit)),
            RegistryChange.NotFound => Problems.Of(404, "not_found", "没有找到这个单位"),
            _ => Problems.Of(409, "duplicate_name", "已有同名的单位", $"'{input.Name}' already exists."),
        };
    }

    private static async Task<Validation> ValidateAsync(UnitKind kind, UnitInput input, UnitRegistry registry, string label, bool creating, CancellationToken cancellationToken)
    {
        var validation = new Validation().Name("name", input.Name, label);
        if (kind == UnitKind.Community && (creating || input.TownId is not null)
            && (string.IsNullOrEmpty(input.TownId) || await registry.FindAsync(UnitKind.Town, input.TownId, cancellationToken) is null))
        {
            validation.Add("townId", "请选择所属街道/乡镇");
        }

        if (kind == UnitKind.SocialUnit && (creating || input.Category is not null) && !UnitKinds.SocialUnitCategories.Contains(input.Category))
        {
            validation.Add("category", "请选择单位类别");
        }

        return validation;
    }

    private static string? CategoryOf(UnitKind kind, UnitInput input) => kind == UnitKind.SocialUnit ? input.Category : null;
}
