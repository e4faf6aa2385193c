namespace ServerlessMinSheng.Functions.Web;

public static class WebFrontEnd
{
    /// <summary>
    /// Serves the static front end from the web root (<c>--webroot</c>, e.g. <c>web/</c> in development).
    /// In Azure the same files are served by Static Web Apps, which forwards <c>/api</c> here.
    /// </summary>
    public static WebApplication UseWebFrontEnd(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
