using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace ServerlessMinSheng.Functions.Security;

/// <summary>
/// Every state-changing API call from a page carries an antiforgery token in the <c>X-CSRF-TOKEN</c>
/// header (pages get it from <c>GET /api/auth/antiforgery</c>). A missing or wrong token is a 400 and
/// nothing runs. Calls that no browser makes with cookies (partner webhooks signed with HMAC) opt out
/// with <c>.DisableAntiforgery()</c>.
/// </summary>
public static class AntiforgeryValidation
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public static IServiceCollection AddApiAntiforgery(this IServiceCollection services) => services.AddAntiforgery(options =>
    {
        options.HeaderName = HeaderName;
        options.Cookie.Name = "sms.af";
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    });

    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var requiresToken = request.Path.StartsWithSegments("/api")
            && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            && context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: false };
        if (requiresToken)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await TypedResults.Problem(
                    title: "页面已过期，请刷新后重试",
                    detail: $"The {HeaderName} header is missing or does not match this session; fetch a token from /api/auth/antiforgery.",
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["code"] = "antiforgery" }).ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    });
}
