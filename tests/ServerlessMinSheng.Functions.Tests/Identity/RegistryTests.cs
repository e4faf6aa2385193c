using System.Net;
using System.Text.Json;

namespace ServerlessMinSheng.Functions.Tests.Identity;

public class RegistryTests
{
    [Fact]
    public async Task TownsAndTheirCommunitiesFormThePublicAreaTree()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        var town = await IdentityTestApp.CreateAsync(admin, "/api/admin/towns", new { name = "亦庄镇" });
        await IdentityTestApp.CreateAsync(admin, "/api/admin/communities", new { name = "朝林社区", townId = town });
        await IdentityTestApp.CreateAsync(admin, "/api/admin/communities", new { name = "东里社区<img src=x onerror=alert(1)>", townId = town });

        var tree = JsonDocument.Parse(await app.Http.GetStringAsync("/api/areas")).RootElement;

        var only = Assert.Single(tree.EnumerateArray());
        Assert.Equal("亦庄镇", only.GetProperty("name").GetString());
        Assert.Equal(["东里社区<img src=x onerror=alert(1)>", "朝林社区"], only.GetProperty("communities").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NamesAreUniqueWithinTheirKindEvenUnderConcurrentRequests()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsync("/api/admin/departments", new { name = "城市管理委员会" })));
        using var sameNameOtherKind = await admin.PostAsync("/api/admin/towns", new { name = "城市管理委员会" });

        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(HttpStatusCode.Created, sameNameOtherKind.StatusCode);
        Assert.Single((await admin.GetJsonAsync<JsonElement>("/api/units/departments")).EnumerateArray());
        foreach (var response in attempts)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task TheSameCommunityNameMayExistInTwoTownsButNotTwiceInOne()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        var a = await IdentityTestApp.CreateAsync(admin, "/api/admin/towns", new { name = "甲镇" });
        var b = await IdentityTestApp.CreateAsync(admin, "/api/admin/towns", new { name = "乙镇" });
        await IdentityTestApp.CreateAsync(admin, "/api/admin/communities", new { name = "新村", townId = a });

        using var otherTown = await admin.PostAsync("/api/admin/communities", new { name = "新村", townId = b });
        using var sameTown = await admin.PostAsync("/api/admin/communities", new { name = " 新村 ", townId = a });
        using var noTown = await admin.PostAsync("/api/admin/communities", new { name = "无主村", townId = "t-missing" });

        Assert.Equal(HttpStatusCode.Created, otherTown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameTown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noTown.StatusCode);
        Assert.True((await ApiClient.ProblemAsync(noTown)).GetProperty("errors").TryGetProperty("townId", out _));
    }

    [Fact]
    public async Task RenamingFreesTheOldNameAndTakesTheNewOne()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        var id = await IdentityTestApp.CreateAsync(admin, "/api/admin/departments", new { name = "环保局" });
        await IdentityTestApp.CreateAsync(admin, "/api/admin/departments", new { name = "交通局" });

        using var clash = await admin.PatchAsync($"/api/admin/departments/{id}", new { name = "交通局" });
        using var rename = await admin.PatchAsync($"/api/admin/departments/{id}", new { name = "生态环境局" });
        using var reuse = await admin.PostAsync("/api/admin/departments", new { name = "环保局" });
        using var missing = await admin.PatchAsync("/api/admin/departments/dnothere", new { name = "任意" });

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Equal(HttpStatusCode.Created, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("a/b", "name")]
    [InlineData("太长了太长了太长了太长了太长了太长了太长了太长了太长了太长了太长了太长了太长了太长了太长了太长了太长了太长了", "name")]
    public async Task BadNamesAreRefusedNamingTheField(string name, string field)
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);

        using var response = await admin.PostAsync("/api/admin/towns", new { name });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ApiClient.ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task SocialUnitsNeedAKnownCategory()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);

        using var bad = await admin.PostAsync("/api/admin/social-units", new { name = "亦庄医院", category = "spaceship" });
        using var good = await admin.PostAsync("/api/admin/social-units", new { name = "亦庄医院", category = "hospital" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
    }
}
