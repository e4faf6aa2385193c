using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ServerlessMinSheng.Functions.Security;
using Azure.Storage.Blobs;

namespace ServerlessMinSheng.Functions.Identity;

public static class IdentityRegistration
{
    /// <summary>
    /// Local staff accounts with ASP.NET Core Identity's PBKDF2 password hasher, cookie sign-in, a
    /// sign-in rate limit per client address, capability policies, and "signed in" as the default for
    /// every endpoint that does not say otherwise. Residents never need an account.
    /// </summary>
    public static WebApplicationBuilder AddStaffIdentity(this WebApplicationBuilder builder)
    {
        FirstAdmin.ValidateConfiguration(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<ScopeAuthorization>();
        services.AddHostedService<FirstAdmin>();

        services.AddDataProtection().SetApplicationName("ServerlessMinSheng");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new BlobKeyRepository(sp.GetRequiredService<BlobServiceClient>())));
        services.AddApiAntiforgery();

        var development = builder.Environment.IsDevelopment();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = "sms.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/signin";
            options.Events.OnRedirectToLogin = context => WriteProblemAsync(context.HttpContext, 401, "unauthenticated", "请先登录");
            options.Events.OnRedirectToAccessDenied = context => WriteProblemAsync(context.HttpContext, 403, "forbidden", "您的角色无权进行此操作");
            options.Events.OnValidatePrincipal = ValidateSecurityStampAsync;
        });
        services.AddAuthorization(options =>
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            options.AddCapabilityPolicies();
        });

        var permitsPerMinute = builder.Configuration.GetValue("Identity:SignInAttemptsPerMinute", 10);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                // The time left in the window, so a person (or a page) knows how long to wait.
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new ValueTask(WriteProblemAsync(context.HttpContext, 429, "rate_limited", "尝试过于频繁，请稍后再试"));
            };
            options.AddPolicy(AuthEndpoints.SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        // Behind the Functions host and Static Web Apps the client's address arrives in X-Forwarded-For
        // from a loopback proxy; the rate limit must see the client, not the proxy.
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return builder;
    }

    public static WebApplication UseStaffIdentity(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseApiAntiforgery();
        return app;
    }

    /// <summary>A changed password, role, scope or a disabled account ends existing sign-ins at their next request.</summary>
    private static async Task ValidateSecurityStampAsync(CookieValidatePrincipalContext context)
    {
        var session = context.Principal is null ? null : StaffSession.From(context.Principal);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var account = session is null ? null : await users.FindAsync(session.Username, context.HttpContext.RequestAborted);
        if (account is null || account.Disabled || account.SecurityStamp != session!.SecurityStamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string code, string title)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Extensions = { ["code"] = code } },
        }).AsTask();
    }
}
