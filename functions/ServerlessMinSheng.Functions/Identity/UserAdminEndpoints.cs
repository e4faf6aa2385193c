using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Identity;

public sealed record UserView(string Username, string DisplayName, string Role, string RoleLabel, string ScopeKind, string? ScopeId, string? ScopeName, bool Disabled, DateTimeOffset CreatedAt);

public sealed record NewUserInput(string? Username, string? DisplayName, string? Role, string? ScopeId, string? Password);

public sealed record UserChangeInput(string? DisplayName, string? Role, string? ScopeId, bool? Disabled);

public sealed record PasswordInput(string? Password);

public sealed record RoleView(string Name, string Label, string ScopeKind);

/// <summary>Accounts, for the district admin: create with a role and its scope, change, disable, reset passwords.</summary>
public static class UserAdminEndpoints
{
    public static IEndpointRouteBuilder MapUserAdmin(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/admin").RequireCapability(Capability.ManageUsers);
        users.MapGet("/roles", GetRoles).WithName(nameof(GetRoles));
        users.MapGet("/users", GetUsers).WithName(nameof(GetUsers));
        users.MapPost("/users", CreateUser).WithName(nameof(CreateUser));
        users.MapPatch("/users/{username}", UpdateUser).WithName(nameof(UpdateUser));
        users.MapPost("/users/{username}/password", ResetPassword).WithName(nameof(ResetPassword));
        return app;
    }

    public static Ok<IReadOnlyList<RoleView>> GetRoles() =>
        TypedResults.Ok<IReadOnlyList<RoleView>>(Roles.All.Select(r => new RoleView(r.Name(), r.Label(), r.RequiredScope().Name())).ToList());

    public static async Task<Ok<IReadOnlyList<UserView>>> GetUsers(UserStore users, UnitRegistry registry, CancellationToken cancellationToken)
    {
        var views = new List<UserView>();
        foreach (var account in (await users.ListAsync(cancellationToken)).OrderBy(u => u.Username, StringComparer.Ordinal))
        {
            views.Add(await ViewAsync(account, registry, cancellationToken));
        }

        return TypedResults.Ok<IReadOnlyList<UserView>>(views);
    }

    public static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateUser(
        NewUserInput input, ClaimsPrincipal admin, UserStore users, UnitRegistry registry, IPasswordHasher<UserAccount> hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var username = Usernames.Normalize(input.Username);
        var validation = new Validation().Require("displayName", input.DisplayName, "姓名", 50);
        if (!Usernames.IsValid(username))
        {
            validation.Add("username", Usernames.Rule);
        }

        foreach (var problem in PasswordPolicy.Check(input.Password, username))
        {
            validation.Add("password", problem);
        }

        var role = await ValidateRoleAndScopeAsync(input.Role, input.ScopeId, validation, registry, cancellationToken);
        if (!validation.IsValid || role is null)
        {
            return validation.ToProblem();
        }

        var account = new UserAccount
        {
            RowKey = username,
            DisplayName = input.DisplayName!.Trim(),
            Role = role.Value,
            ScopeKind = role.Value.RequiredScope(),
            ScopeId = role.Value.RequiredScope() == ScopeKind.None ? null : input.ScopeId,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = StaffSession.From(admin)?.Username,
        };
        account.PasswordHash = hasher.HashPassword(account, input.Password!);
        if (!await users.TryCreateAsync(account, cancellationToken))
        {
            return Problems.Of(409, "username_taken", "该用户名已被使用", $"'{username}' already exists.");
        }

        return TypedResults.Created($"/api/admin/users/{username}", await ViewAsync(account, registry, cancellationToken));
    }

    public static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> UpdateUser(
        string username, UserChangeInput input, ClaimsPrincipal admin, UserStore users, UnitRegistry registry, CancellationToken cancellationToken)
    {
        var account = await users.FindAsync(Usernames.Normalize(username), cancellationToken);
        if (account is null)
        {
            return Problems.Of(404, "not_found", "没有这个用户");
        }

        var validation = new Validation();
        if (input.DisplayName is not null)
        {
            validation.Require("displayName", input.DisplayName, "姓名", 50);
        }

        var role = input.Role is null && input.ScopeId is null
            ? account.Role
            : await ValidateRoleAndScopeAsync(input.Role ?? account.Role.Name(), input.ScopeId ?? account.ScopeId, validation, registry, cancellationToken);
        if (!validation.IsValid || role is null)
        {
            return validation.ToProblem();
        }

        var isSelf = StaffSession.From(admin)?.Username == account.Username;
        if (isSelf && (input.Disabled == true || role != account.Role))
        {
            return Problems.Of(409, "cannot_change_self", "不能停用自己的账号或更改自己的角色", "Ask another district admin.");
        }

        var scopeId = role.Value.RequiredScope() == ScopeKind.None ? null : input.ScopeId ?? account.ScopeId;
        var accessChanged = role != account.Role || scopeId != account.ScopeId || (input.Disabled is { } d && d != account.Disabled);
        account.DisplayName = input.DisplayName?.Trim() ?? account.DisplayName;
        account.Role = role.Value;
        account.ScopeKind = role.Value.RequiredScope();
        account.ScopeId = scopeId;
        account.Disabled = input.Disabled ?? account.Disabled;
        if (accessChanged)
        {
            account.SecurityStamp = Guid.NewGuid().ToString("N"); // Ends the user's current sign-ins.
        }

        await users.SaveAsync(account, cancellationToken);
        return TypedResults.Ok(await ViewAsync(account, registry, cancellationToken));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetPassword(
        string username, PasswordInput input, UserStore users, SignInService signIn, IPasswordHasher<UserAccount> hasher, CancellationToken cancellationToken)
    {
        var account = await users.FindAsync(Usernames.Normalize(username), cancellationToken);
        if (account is null)
        {
            return Problems.Of(404, "not_found", "没有这个用户");
        }

        var validation = new Validation();
        foreach (var problem in PasswordPolicy.Check(input.Password, account.Username))
        {
            validation.Add("password", problem);
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        account.PasswordHash = hasher.HashPassword(account, input.Password!);
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        await users.SaveAsync(account, cancellationToken);
        await signIn.ClearFailuresAsync(account.Username, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Role?> ValidateRoleAndScopeAsync(string? roleName, string? scopeId, Validation validation, UnitRegistry registry, CancellationToken cancellationToken)
    {
        if (!Roles.TryParse(roleName, out var role))
        {
            validation.Add("role", "请选择角色");
            return null;
        }

        if (AuthEndpoints.UnitKindOf(role.RequiredScope()) is { } kind
            && (string.IsNullOrEmpty(scopeId) || await registry.FindAsync(kind, scopeId, cancellationToken) is null))
        {
            validation.Add("scopeId", kind switch
            {
                UnitKind.Town => "请选择所属街道/乡镇",
                UnitKind.Community => "请选择所属社区",
                UnitKind.Department => "请选择所属部门",
                _ => "请选择所属社会单位",
            });
        }

        return role;
    }

    private static async Task<UserView> ViewAsync(UserAccount account, UnitRegistry registry, CancellationToken cancellationToken) => new(
        account.Username,
        account.DisplayName,
        account.Role.Name(),
        account.Role.Label(),
        account.ScopeKind.Name(),
        account.ScopeId,
        await AuthEndpoints.ScopeNameAsync(account.ScopeKind, account.ScopeId, registry, cancellationToken),
        account.Disabled,
        account.CreatedAt);
}
