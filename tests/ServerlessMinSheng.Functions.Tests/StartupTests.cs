using ServerlessMinSheng.Functions.Rankings;

namespace ServerlessMinSheng.Functions.Tests;

public class StartupTests
{
    [Theory]
    [InlineData("AccountName=minsheng;AccountKey=c2VjcmV0;TableEndpoint=nonsense", "AzureWebJobsStorage is malformed: it gives no usable queue endpoint")]
    [InlineData("AccountName=minsheng", "AzureWebJobsStorage is malformed: it gives no usable table endpoint")]
    [InlineData("UseDevelopmentStorage=maybe", "AzureWebJobsStorage is malformed")]
    [InlineData("", "AzureWebJobsStorage is not set")]
    public async Task AMalformedConnectionStringStopsTheAppAtStartupNamingTheProblem(string connectionString, string expected)
    {
        await using var app = AppProcess.Start(new Dictionary<string, string> { ["AzureWebJobsStorage"] = connectionString });

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, app.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "nonsense", "AzureWebJobsStorage__tableServiceUri 'nonsense' is not an absolute http(s) URL")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "https://minsheng.queue.core.windows.net", "names no endpoint for AzureWebJobsStorage__tableServiceUri, AzureWebJobsStorage__blobServiceUri")]
    public async Task AMalformedIdentityBasedConnectionStopsTheAppAtStartupNamingTheSetting(string setting, string value, string expected)
    {
        await using var app = AppProcess.Start(new Dictionary<string, string> { ["AzureWebJobsStorage"] = string.Empty, [setting] = value });

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownTimerTimeZoneStopsTheAppAtStartup()
    {
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Functions__TimeZone"] = "Mars/Olympus_Mons",
        });

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Functions:TimeZone", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadRankingsScheduleStopsTheAppAtStartupNamingTheFunctionAndTheExpression()
    {
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Rankings__Schedule"] = "0 0 2 * *",
        });

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(nameof(NightlyRankings), app.Output, StringComparison.Ordinal);
        Assert.Contains("'0 0 2 * *'", app.Output, StringComparison.Ordinal);
    }
}
