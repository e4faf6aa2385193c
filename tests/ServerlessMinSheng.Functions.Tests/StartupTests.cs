using ServerlessMinSheng.Functions.Rankings;

namespace ServerlessMinSheng.Functions.Tests;

public class StartupTests
{
    [Theory]
    [InlineData("AccountName=minsheng;AccountKey=c2VjcmV0;TableEndpoint=nonsense", "TableEndpoint 'nonsense' is not an absolute http(s) URL")]
    [InlineData("AccountName=minsheng", "missing AccountKey")]
    [InlineData("UseDevelopmentStorage=maybe", "UseDevelopmentStorage must be 'true'")]
    [InlineData("", "AzureWebJobsStorage is not set")]
    public async Task AMalformedConnectionStringStopsTheAppAtStartupNamingTheProblem(string connectionString, string expected)
    {
        await using var app = AppProcess.Start(new Dictionary<string, string> { ["AzureWebJobsStorage"] = connectionString });

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
