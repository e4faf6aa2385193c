namespace ServerlessMinSheng.Functions.Web;

/// <summary>The OpenAPI document of the HTTP API at /api/openapi/v1.json, generated from the endpoints' declared results.</summary>
public static class ApiDocument
{
    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ServerlessMinSheng API";
            document.Info.Description =
                "民生服务平台的 HTTP API. Partner systems post requests to /api/partners/{partnerId}/requests, signed with HMAC-SHA256 " +
                "over timestamp + \"\\n\" + body (headers X-MinSheng-Timestamp, X-MinSheng-Signature: sha256=<hex>). " +
                "State-changing calls from pages need the X-CSRF-TOKEN header from GET /api/auth/antiforgery. Errors are application/problem+json.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").WithName("GetApiDocument").AllowAnonymous();
        return app;
    }
}
