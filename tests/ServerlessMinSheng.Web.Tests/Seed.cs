using System.Text.Json;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>The areas and accounts the intake and triage pages need, created through the API once per site.</summary>
public sealed record SeededAreas(string TownId, string ChaolinId, string YinghaiId)
{
    public const string Town = "亦庄镇";
    public const string Chaolin = "朝林社区";
    public const string Yinghai = "瀛海社区";
    public const string CommunityWorker = "chaolin.li";
    public const string TownWorker = "yizhuang.zhao";
    public const string WorkerPassword = "浏览器测试工作人员的长密码";
}

public static class Seed
{
    public static async Task<SeededAreas> AreasAsync(SiteFixture site)
    {
        using var admin = await ApiClient.SignedInAsync(site, SiteFixture.AdminName, SiteFixture.AdminPassword);
        var town = Id(await admin.PostJsonAsync("/api/admin/towns", new { name = SeededAreas.Town }));
        var chaolin = Id(await admin.PostJsonAsync("/api/admin/communities", new { name = SeededAreas.Chaolin, townId = town }));
        var yinghai = Id(await admin.PostJsonAsync("/api/admin/communities", new { name = SeededAreas.Yinghai, townId = town }));
        await admin.PostJsonAsync("/api/admin/users", new
        {
            username = SeededAreas.CommunityWorker, displayName = "李娜", role = "community_staff", scopeId = chaolin, password = SeededAreas.WorkerPassword,
        });
        await admin.PostJsonAsync("/api/admin/users", new
        {
            username = SeededAreas.TownWorker, displayName = "赵强", role = "town_staff", scopeId = town, password = SeededAreas.WorkerPassword,
        });
        return new SeededAreas(town, chaolin, yinghai);
    }

    /// <summary>A resident's request through the public API (as the form sends it); returns its tracking code.</summary>
    public static async Task<string> RequestAsync(SiteFixture site, string communityId, string title, string description, string? phone = null)
    {
        using var resident = new ApiClient(site.App.Address);
        var answer = await resident.PostJsonAsync("/api/requests", new
        {
            title, description, communityId, phone, isPublic = false, idempotencyKey = Guid.NewGuid().ToString(), website = string.Empty,
        });
        return answer.GetProperty("trackingCode").GetString()!;
    }

    /// <summary>Triage runs from a queue a moment after intake; waits until the request has its theme.</summary>
    public static async Task<string> TriagedThemeAsync(SiteFixture site, string code, TimeSpan? timeout = null)
    {
        using var reader = new ApiClient(site.App.Address);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var view = await reader.GetJsonAsync($"/api/requests/{code}");
            if (view.GetProperty("theme").ValueKind == JsonValueKind.String)
            {
                return view.GetProperty("theme").GetString()!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"request {code} was not triaged within the timeout");
            await Task.Delay(250);
        }
    }

    private static string Id(JsonElement unit) => unit.GetProperty("id").GetString()!;
}
