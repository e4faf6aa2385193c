using ServerlessMinSheng.Functions;
using ServerlessMinSheng.Functions.Demo;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Health;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Notifications;
using ServerlessMinSheng.Functions.Partners;
using ServerlessMinSheng.Functions.Projects;
using ServerlessMinSheng.Functions.Rankings;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;
using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Functions.SurveyImport;
using ServerlessMinSheng.Functions.Telemetry;
using ServerlessMinSheng.Functions.Triage;
using ServerlessMinSheng.Functions.Web;

try
{
    if (args is [CreateAdminCommand.Verb, .. var rest])
    {
        return await CreateAdminCommand.RunAsync(rest);
    }

    var app = Program.CreateApp(args);
    if (app.Configuration[FunctionMetadataWriter.CommandKey] is { Length: > 0 } output)
    {
        var written = FunctionMetadataWriter.Write(app.Services.GetRequiredService<FunctionCatalog>(), output);
        Console.WriteLine($"Wrote function.json for {written.Count} functions: {string.Join(", ", written)}");
        return 0;
    }

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is StartupException or Microsoft.Extensions.Options.OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"ServerlessMinSheng cannot start: {ex.Message}");
    return 2;
}

/// <summary>The app's table of contents: every feature adds its services and maps its endpoints here.</summary>
public partial class Program
{
    public static WebApplication CreateApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddApiConventions();
        builder.AddTelemetry();
        builder.AddFunctionsHosting();
        builder.AddStorage();
        builder.AddStaffIdentity();
        builder.AddRegistry();
        builder.AddIntake();
        builder.AddPartners();
        builder.AddTriage();
        builder.AddSurveyImport();
        builder.AddNotifications();
        builder.AddHandling();
        builder.AddProjects();
        builder.AddRankings();
        builder.AddHealth();
        builder.AddApiDocument();
        builder.AddDemo();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseApiConventions();
        app.UseWebFrontEnd();
        app.UseRouting();
        app.UseRequestLimits();
        app.UseStaffIdentity();
        app.MapHealth();
        app.MapAuth();
        app.MapUserAdmin();
        app.MapRegistry();
        app.MapIntake();
        app.MapPartners();
        app.MapReview();
        app.MapImports();
        app.MapNeedsMap();
        app.MapHandling();
        app.MapProjects();
        app.MapRankings();
        app.MapApiDocument();
        app.MapFunctionsHosting();
        app.MapWebFallback();
        return app;
    }
}
