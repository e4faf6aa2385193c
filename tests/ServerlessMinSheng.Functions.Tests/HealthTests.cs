using System.Net;
using System.Text.Json;

namespace ServerlessMinSheng.Functions.Tests;

public class HealthTests
{
    [Fact]
    public async Task HealthReportsTheVersionAndEveryStorageServiceOk()
    {
        var account = await SharedAzurite.NewAccountAsync();
        await using var app = await TestApp.StartAsync(account.ConnectionString);

        using var response = await app.Http.GetAsync("/api/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("0.1.0", body.RootElement.GetProperty("version").GetString(), StringComparison.Ordinal);
        foreach (var service in new[] { "tables", "queues", "blobs" })
        {
            Assert.Equal("ok", body.RootElement.GetProperty("storage").GetProperty(service).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task TheAppStartsWithStorageDownReportsWhichServiceAndRecoversWithoutRestart()
    {
        await using var azurite = await AzuriteServer.StartAsync(new AzuriteOptions { InMemory = true, AccountPoolSize = 0 });
        var account = azurite.Account(azurite.AccountKeys[0]);
        await azurite.StopServiceAsync(AzuriteService.Table);
        await azurite.StopServiceAsync(AzuriteService.Queue);

        await using var app = await TestApp.StartAsync(account.ConnectionString);
        using (var down = await app.Http.GetAsync("/api/health"))
        {
            var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
            Assert.Equal("tables and queues storage did not answer.", problem.GetProperty("detail").GetString());
            Assert.Equal("unavailable", problem.GetProperty("storage").GetProperty("tables").GetProperty("status").GetString());
            Assert.Equal("ok", problem.GetProperty("storage").GetProperty("blobs").GetProperty("status").GetString());
        }

        await azurite.StartServiceAsync(AzuriteService.Table);
        await azurite.StartServiceAsync(AzuriteService.Queue);

        await Eventually.TrueAsync(async () => (await app.Http.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK, "health to recover");
    }

    [Fact]
    public async Task UnknownApiRoutesAnswerProblemDetails()
    {
        var account = await SharedAzurite.NewAccountAsync();
        await using var app = await TestApp.StartAsync(account.ConnectionString);

        using var response = await app.Http.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
