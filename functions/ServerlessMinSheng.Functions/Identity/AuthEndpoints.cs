using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Identity;

public sealed record ScopeView(string Kind, string? Id, string? Name);

public sealed record MeView(string Username, string DisplayName, string Role, string RoleLabel, ScopeView Scope, IReadOnlyList<string> Capabilities);

public sealed record SignInInput(string? Username, string? Password);

public sealed record AntiforgeryToken(string Token, string HeaderName);

public static class AuthEndpoints
{
    public const string SignInRateLimit = "signin";

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth");
        auth.MapGet("/antiforgery", GetAntiforgeryToken).WithName(nameof(GetAntiforgeryToken)).AllowAnonymous();
        auth.MapPost("/signin", SignIn).WithName(nameof(SignIn)).AllowAnonymous().RequireRateLimiting(SignInRateLimit);
        auth.MapPost("/signout", (Delegate)SignOut).WithName(nameof(SignOut));
        auth.MapGet("/me", GetMe).WithName(nameof(GetMe));
        return app;
    }

    /// <summary>A token for the X-CSRF-TOKEN header of state-changing calls; it is bound to the current sign-in, so fetch a new one after signing in.</summary>
    public static Ok<AntiforgeryToken> GetAntiforgeryToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new AntiforgeryToken(tokens.RequestToken!, AntiforgeryValidation.HeaderName));
    }

    public static async Task<Results<Ok<MeView>, ValidationProblem, ProblemHttpResult>> SignIn(
        SignInInput input, HttpContext context, SignInService signIn, UnitRegistry registry, CancellationToken cancellationToken)
    {
        var validation = new Validation().Require("username", input.Username, "用户名", 64).Require("password", input.Password, "密码", PasswordPolicy.MaxLength);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        switch (await signIn.SignInAsync(input.Username!, input.Password!, cancellationToken))
        {
            case SignInOutcome.Success success:
                await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffSession.ToPrincipal(success.Account, CookieAuthenticationDefaults.AuthenticationScheme));
                return TypedResults.Ok(await DescribeAsync(success.Account, registry, cancellationToken));
            case SignInOutcome.LockedOut locked:
                var wait = (int)Math.Ceiling((locked.Until - DateTimeOffset.UtcNow).TotalMinutes);
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling((locked.Until - DateTimeOffset.UtcNow).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problems.Of(423, "account_locked", $"登录失败次数过多，请 {Math.Max(wait, 1)} 分钟后再试", "Too many failed sign-ins for this user name.");
            default:
                return Problems.Of(401, "invalid_credentials", "用户名或密码错误");
        }
    }

    public static async Task<NoContent> SignOut(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<MeView>, UnauthorizedHttpResult>> GetMe(ClaimsPrincipal user, UserStore users, UnitRegistry registry, CancellationToken cancellationToken)
    {
        var session = StaffSession.From(user);
        var account = session is null ? null : await users.FindAsync(session.Username, cancellationToken);
        return account is null ? TypedResults.Unauthorized() : TypedResults.Ok(await DescribeAsync(account, registry, cancellationToken));
    }

    internal static async Task<MeView> DescribeAsync(UserAccount account, UnitRegistry registry, CancellationToken cancellationToken) => new(
        account.Username,
        account.DisplayName,
        account.Role.Name(),
        account.Role.Label(),
        new ScopeView(account.ScopeKind.Name(), account.ScopeId, await ScopeNameAsync(account.ScopeKind, account.ScopeId, registry, cancellationToken)),
        account.Role.Capabilities().Select(c => c.Name()).ToList());

    internal static async Task<string?> ScopeNameAsync(ScopeKind kind, string? id, UnitRegistry registry, CancellationToken cancellationToken) =>
        UnitKindOf(kind) is { } unitKind && id is not null ? (await registry.FindAsync(unitKind, id, cancellationToken))?.Name : null;

    internal static UnitKind? UnitKindOf(ScopeKind kind) => kind switch
    {
        ScopeKind.Town => UnitKind.Town,
        ScopeKind.Community => UnitKind.Community,
        ScopeKind.Department => UnitKind.Department,
        ScopeKind.SocialUnit => UnitKind.SocialUnit,
        _ => null,
    };
}
