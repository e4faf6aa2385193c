using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ServerlessMinSheng.Functions.Identity;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>The app serving web/dist on a fresh storage account, with a district admin to sign in as.</summary>
public sealed class SiteFixture : IAsyncLifetime
{
    public const string AdminName = "admin";
    public const string AdminPassword = "浏览器测试管理员的长密码";

    private readonly Lazy<Task<SeededAreas>> _areas;
    private TestApp? _app;

    public SiteFixture()
    {
        _areas = new(() => Seed.AreasAsync(this));
    }

    public TestApp App => _app ?? throw new InvalidOperationException("not started");

    public string Url(string path) => new Uri(App.Address, path).ToString();

    /// <summary>A town with two communities and a community and a town worker, created on first use.</summary>
    public Task<SeededAreas> AreasAsync() => _areas.Value;

    public async Task InitializeAsync()
    {
        var account = await SharedAzurite.NewAccountAsync();
        _app = await TestApp.StartAsync(account.ConnectionString, webRoot: RepositoryPaths.Combine("web", "dist"));
        await FirstAdmin.CreateAsync(
            App.Services.GetRequiredService<UserStore>(), App.Services.GetRequiredService<IPasswordHasher<UserAccount>>(), TimeProvider.System, AdminName, AdminPassword, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
