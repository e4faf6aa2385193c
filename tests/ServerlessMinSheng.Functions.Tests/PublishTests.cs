using System.Diagnostics;
using System.Text.Json.Nodes;
using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Tests;

public class PublishTests
{
    [Fact]
    public async Task PublishingProducesAFunctionAppFolder()
    {
        var output = Directory.CreateTempSubdirectory("sms-publish-").FullName;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

        var (exitCode, log) = await RunAsync("dotnet", "publish", RepositoryPaths.Combine("functions", "ServerlessMinSheng.Functions"), "--no-build", "-c", configuration, "-o", output, "--nologo");

        Assert.True(exitCode == 0, log);
        var hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "host.json")))!;
        Assert.Equal("ServerlessMinSheng.Functions", (string?)hostJson["customHandler"]!["description"]!["defaultExecutablePath"]);
        Assert.True((bool)hostJson["customHandler"]!["enableProxyingHttpRequest"]!);
        Assert.True(File.Exists(Path.Combine(output, "ServerlessMinSheng.Functions")), "the executable named in host.json must be there");
        var account = await SharedAzurite.NewAccountAsync();
        await using var production = await TestApp.StartAsync(account.ConnectionString, environment: "Production");
        var expected = production.Services.GetRequiredService<FunctionCatalog>().All.Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        var published = Directory.GetDirectories(output).Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, published);
        Assert.Contains("GetHealth", published);
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
