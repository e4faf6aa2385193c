using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ServerlessMinSheng.AppTesting;

/// <summary>
/// The real app, started in this process on a free port against an Azurite account, with test-only
/// settings and services. Requests go over real HTTP.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Fast polling and retries so runtime tests take seconds, not minutes.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastRuntime = new Dictionary<string, string>
    {
        ["Functions:LocalRuntime:MinPollingInterval"] = "00:00:00.020",
        ["Functions:LocalRuntime:MaxPollingInterval"] = "00:00:00.200",
        ["Functions:LocalRuntime:RetryDelay"] = "00:00:00.100",
        ["Functions:LocalRuntime:MaxRetryDelay"] = "00:00:00.400",
        ["Functions:LocalRuntime:VisibilityTimeout"] = "00:00:02",
    };

    public static async Task<TestApp> StartAsync(
        string connectionString,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        string environment = "Development",
        string? webRoot = null)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--environment={environment}",
            $"--AzureWebJobsStorage={connectionString}",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange((settings ?? FastRuntime).Select(kv => $"--{kv.Key}={kv.Value}"));
        if (webRoot is not null)
        {
            args.Add($"--webroot={webRoot}");
        }

        var app = Program.CreateApp([.. args], configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
