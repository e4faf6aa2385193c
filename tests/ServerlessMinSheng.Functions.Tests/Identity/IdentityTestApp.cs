using Microsoft.AspNetCore.Identity;
using ServerlessMinSheng.Functions.Identity;

namespace ServerlessMinSheng.Functions.Tests.Identity;

/// <summary>An app with a district admin already created, for identity and registry tests.</summary>
internal static class IdentityTestApp
{
    public const string AdminName = "root";
    public const string AdminPassword = "correct horse battery staple";

    public static async Task<TestApp> StartAsync(IReadOnlyDictionary<string, string>? extra = null, TimeProvider? time = null, string? connectionString = null)
    {
        var settings = new Dictionary<string, string>(TestApp.FastRuntime) { ["Identity:SignInAttemptsPerMinute"] = "1000" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        connectionString ??= (await SharedAzurite.NewAccountAsync()).ConnectionString;
        var app = await TestApp.StartAsync(connectionString, settings, builder =>
        {
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }
        });
        await EnsureAdminAsync(app);
        return app;
    }

    public static async Task EnsureAdminAsync(TestApp app) => await FirstAdmin.CreateAsync(
        app.Services.GetRequiredService<UserStore>(), app.Services.GetRequiredService<IPasswordHasher<UserAccount>>(), TimeProvider.System, AdminName, AdminPassword, CancellationToken.None);

    public static Task<ApiClient> AdminAsync(TestApp app) => ApiClient.SignedInAsync(app, AdminName, AdminPassword);

    public static async Task<string> CreateAsync(ApiClient admin, string path, object body)
    {
        using var response = await admin.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.TryGetProperty("id", out var id) ? id.GetString()! : string.Empty;
    }
}
