using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace ServerlessMinSheng.Functions.Security;

/// <summary>
/// API bodies are small JSON documents: 64 KB unless an endpoint declares a larger limit
/// (<c>.WithRequestSizeLimit(...)</c>, e.g. survey uploads). A larger body fails with 413 before it is read.
/// </summary>
public static class RequestLimits
{
    public const long DefaultApiBodyBytes = 64 * 1024;

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false } && context.Request.Path.StartsWithSegments("/api"))
        {
            var declared = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
            feature.MaxRequestBodySize = declared ?? DefaultApiBodyBytes;
        }

        await next(context);
    });

    public static RouteHandlerBuilder WithRequestSizeLimit(this RouteHandlerBuilder builder, long bytes) =>
        builder.WithMetadata(new SizeLimit(bytes));

    private sealed record SizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
