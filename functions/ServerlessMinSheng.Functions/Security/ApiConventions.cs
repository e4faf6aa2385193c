using Microsoft.AspNetCore.Http.Json;

namespace ServerlessMinSheng.Functions.Security;

public static class ApiConventions
{
    /// <summary>ProblemDetails for every error, bad bodies reported (not silently 400), JSON in camelCase.</summary>
    public static WebApplicationBuilder AddApiConventions(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Every problem carries a stable code the front end can translate, including the ones the
            // framework writes itself (an oversized body, a wrong method, a missing route).
            var problem = context.ProblemDetails;
            if (!problem.Extensions.ContainsKey("code"))
            {
                var (code, title) = DefaultFor(problem.Status ?? context.HttpContext.Response.StatusCode);
                problem.Extensions["code"] = code;
                if (title is not null && (problem.Title is null || problem.Title.All(c => c < 0x80)))
                {
                    problem.Detail ??= problem.Title;
                    problem.Title = title;
                }
            }
        });
        builder.Services.AddExceptionHandler<ApiProblems>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNameCaseInsensitive = true);
        return builder;
    }

    private static (string Code, string? Title) DefaultFor(int status) => status switch
    {
        400 => ("bad_request", "请求格式不正确"),
        401 => ("unauthenticated", "请先登录"),
        403 => ("forbidden", "无权进行此操作"),
        404 => ("not_found", "没有这个地址"),
        405 => ("method_not_allowed", "不支持这种请求方式"),
        413 => ("payload_too_large", "请求内容过大"),
        415 => ("unsupported_media_type", "不支持这种内容类型"),
        429 => ("rate_limited", "尝试过于频繁，请稍后再试"),
        503 => ("unavailable", "服务暂时不可用"),
        >= 500 => ("internal_error", "服务器内部错误"),
        _ => ("error", null),
    };

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
