using System.Diagnostics;
using System.Net;

namespace ServerlessMinSheng.Functions.Tests.Identity;

public class FirstAdminTests
{
    [Fact]
    public async Task TheCreateAdminCommandCreatesTheFirstAdminOnceAndRefusesWeakPasswords()
    {
        var account = await SharedAzurite.NewAccountAsync();

        var weak = await RunAsync(account.ConnectionString, "admin", "12345");
        var created = await RunAsync(account.ConnectionString, "Admin", "一个足够长的区级管理员密码");
        var again = await RunAsync(account.ConnectionString, "admin", "另一个足够长的区级管理员密码");

        Assert.Equal(2, weak.ExitCode);
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("已创建区级管理员 admin", created.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        await using var app = await TestApp.StartAsync(account.ConnectionString);
        using var client = await ApiClient.SignedInAsync(app, "admin", "一个足够长的区级管理员密码");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/users")).StatusCode);
    }

    [Fact]
    public async Task BootstrapSettingsCreateTheFirstAdminAtStartup()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var settings = new Dictionary<string, string>(TestApp.FastRuntime)
        {
            ["Bootstrap:AdminUsername"] = "district",
            ["Bootstrap:AdminPassword"] = "从密钥库中读取的很长的密码",
        };

        await using var app = await TestApp.StartAsync(account.ConnectionString, settings);
        using var client = new ApiClient(app.Address);

        await Eventually.TrueAsync(async () => (await client.SignInAsync("district", "从密钥库中读取的很长的密码")).IsSuccessStatusCode, "the bootstrap admin to exist");
    }

    [Fact]
    public async Task AWeakBootstrapPasswordStopsTheAppAtStartup()
    {
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Bootstrap__AdminUsername"] = "district",
            ["Bootstrap__AdminPassword"] = "short",
        });

        Assert.Equal(2, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Bootstrap:AdminPassword", app.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, string username, string password)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(AppProcess.AppDll);
        start.ArgumentList.Add("create-admin");
        start.ArgumentList.Add(username);
        start.Environment["AzureWebJobsStorage"] = connectionString;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
