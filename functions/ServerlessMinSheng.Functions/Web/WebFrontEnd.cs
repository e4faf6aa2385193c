using Microsoft.Extensions.FileProviders;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Web;

public static class WebFrontEnd
{
    /// <summary>
    /// Serves the built front end from the web root (<c>--webroot</c>, <c>web/dist</c> in development):
    /// <c>/signin</c> is <c>signin.html</c>, <c>/admin/</c> is <c>admin/index.html</c>, <c>/track/CODE</c> is
    /// <c>track.html</c>, <c>/projects/ID</c> is <c>project.html</c> and <c>/board</c> is <c>projects.html</c>, the same clean URLs
    /// Static Web Apps gives in the cloud, where <c>/api</c> is forwarded here.
    /// </summary>
    public static WebApplication UseWebFrontEnd(this WebApplication app)
    {
        var files = app.Environment.WebRootFileProvider;
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                && !path.StartsWith("/api", StringComparison.OrdinalIgnoreCase) && !Path.HasExtension(path) && !path.EndsWith('/'))
            {
                if (files.GetFileInfo(path + ".html").Exists)
                {
                    context.Request.Path = path + ".html";
                }
                else if (path.StartsWith("/track/", StringComparison.Ordinal) && files.GetFileInfo("/track.html").Exists)
                {
                    context.Request.Path = "/track.html"; // The tracking page reads the code from the address.
                }
                else if (path.StartsWith("/projects/", StringComparison.Ordinal) && files.GetFileInfo("/project.html").Exists)
                {
                    context.Request.Path = "/project.html"; // A project's public page reads its id from the address.
                }
                else if (path == "/board" && files.GetFileInfo("/projects.html").Exists)
                {
                    context.Request.Path = "/projects.html"; // The landing page's name for the project board.
                }
            }

            await next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    /// <summary>
    /// What matches nothing else: 404 as ProblemDetails under /api, the site's 404 page elsewhere.
    /// Mapped as an anonymous endpoint so an unknown address is "not found", not "please sign in".
    /// </summary>
    public static WebApplication MapWebFallback(this WebApplication app)
    {
        app.MapFallback("{*path}", (HttpContext context) =>
        {
            var page = app.Environment.WebRootFileProvider.GetFileInfo("404.html");
            return context.Request.Path.StartsWithSegments("/api") || !page.Exists
                ? Problems.Of(404, "not_found", "没有这个地址", $"Nothing is served at {context.Request.Path}.")
                : (IResult)new NotFoundPage(page);
        }).AllowAnonymous();
        return app;
    }

    private sealed class NotFoundPage(IFileInfo page) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            await using var content = page.CreateReadStream();
            await content.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
        }
    }
}
