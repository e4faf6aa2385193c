using System.Text.Json;
using ServerlessMinSheng.Functions.Tests.Identity;

namespace ServerlessMinSheng.Functions.Tests.Intake;

/// <summary>An app with an admin, a town with two communities, and a signed-in admin client.</summary>
internal sealed class IntakeTestApp : IAsyncDisposable
{
    private IntakeTestApp(TestApp app, ApiClient admin, string townId, string communityId, string otherCommunityId)
    {
        App = app;
        Admin = admin;
        TownId = townId;
        CommunityId = communityId;
        OtherCommunityId = otherCommunityId;
    }

    public TestApp App { get; }

    public ApiClient Admin { get; }

    public string TownId { get; }

    public string CommunityId { get; }

    public string OtherCommunityId { get; }

    public static async Task<IntakeTestApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null, TimeProvider? time = null)
    {
        var extra = new Dictionary<string, string> { ["Intake:SubmissionsPerMinute"] = "1000" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            extra[k] = v;
        }

        var app = await IdentityTestApp.StartAsync(extra, time);
        var admin = await IdentityTestApp.AdminAsync(app);
        var town = await IdentityTestApp.CreateAsync(admin, "/api/admin/towns", new { name = "亦庄镇" });
        var chaolin = await IdentityTestApp.CreateAsync(admin, "/api/admin/communities", new { name = "朝林社区", townId = town });
        var dongli = await IdentityTestApp.CreateAsync(admin, "/api/admin/communities", new { name = "东里社区", townId = town });
        return new IntakeTestApp(app, admin, town, chaolin, dongli);
    }

    public async Task<string> SubmitAsync(ApiClient client, string title, string description, string? communityId = null, string? phone = null, string? key = null)
    {
        using var response = await client.PostAsync("/api/requests", new { title, description, communityId = communityId ?? CommunityId, phone, isPublic = true, idempotencyKey = key ?? Guid.NewGuid().ToString() });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("trackingCode").GetString()!;
    }

    public Task<JsonElement> WaitForTriageAsync(string code) => Eventually.ReturnsAsync(
        () => Admin.GetJsonAsync<JsonElement>($"/api/requests/{code}"), r => r.GetProperty("status").GetString() == "triaged", $"{code} to be triaged");

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
    }
}
