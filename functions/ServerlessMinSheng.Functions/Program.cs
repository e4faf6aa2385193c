using ServerlessMinSheng.Functions;
using ServerlessMinSheng.Functions.Diagnostics;
using ServerlessMinSheng.Functions.Health;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Functions.Web;

try
{
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
catch (StartupException ex)
{
    await Console.Error.WriteLineAsync($"ServerlessMinSheng cannot start: {ex.Message}");
    return 2;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
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
        builder.Services.AddProblemDetails();
        builder.AddFunctionsHosting();
        builder.AddStorage();
        builder.AddHealth();
        builder.AddDiagnostics();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebFrontEnd();
        app.MapHealth();
        app.MapFunctionsHosting();
        return app;
    }
}
