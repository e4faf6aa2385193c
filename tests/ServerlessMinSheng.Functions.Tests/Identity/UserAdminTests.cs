using System.Net;
using System.Text.Json;

namespace ServerlessMinSheng.Functions.Tests.Identity;

public class UserAdminTests
{
    [Fact]
    public async Task ABadNewUserIsRefusedNamingEachField()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);

        using var response = await admin.PostAsync("/api/admin/users", new { username = "x", displayName = "", role = "community_staff", password = "short" });
        var errors = (await ApiClient.ProblemAsync(response)).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["displayName", "password", "scopeId", "username"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("x", (await admin.GetJsonAsync<JsonElement>("/api/admin/users")).EnumerateArray().Select(u => u.GetProperty("username").GetString()));
    }

    [Fact]
    public async Task AUserNameCanBeTakenOnlyOnce()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        await AuthorizationTests.CreateUserAsync(admin, "li.na", "observer", null);

        using var again = await admin.PostAsync("/api/admin/users", new { username = "LI.NA", displayName = "另一个", role = "observer", password = "另一个足够长的密码abc" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("username_taken", (await ApiClient.ProblemAsync(again)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task DisablingAUserEndsTheirSessionAndBlocksSigningIn()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        await AuthorizationTests.CreateUserAsync(admin, "temp.worker", "observer", null);
        using var worker = await ApiClient.SignedInAsync(app, "temp.worker", "社区工作人员的密码123");

        using var disable = await admin.PatchAsync("/api/admin/users/temp.worker", new { disabled = true });
        using var me = await worker.GetAsync("/api/auth/me");
        using var again = await new ApiClient(app.Address).SignInAsync("temp.worker", "社区工作人员的密码123");

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task ChangingARoleEndsTheOldSessionSoTheNewRoleTakesEffect()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        await AuthorizationTests.CreateUserAsync(admin, "promoted", "observer", null);
        using var before = await ApiClient.SignedInAsync(app, "promoted", "社区工作人员的密码123");

        (await admin.PatchAsync("/api/admin/users/promoted", new { role = "coordinator" })).Dispose();
        using var oldSession = await before.GetAsync("/api/auth/me");
        using var after = await ApiClient.SignedInAsync(app, "promoted", "社区工作人员的密码123");

        Assert.Equal(HttpStatusCode.Unauthorized, oldSession.StatusCode);
        Assert.Equal("coordinator", (await after.GetJsonAsync<JsonElement>("/api/auth/me")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task AnAdminCannotDisableOrDemoteThemself()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);

        using var disable = await admin.PatchAsync("/api/admin/users/root", new { disabled = true });
        using var demote = await admin.PatchAsync("/api/admin/users/root", new { role = "observer" });

        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
    }

    [Fact]
    public async Task AResetPasswordReplacesTheOldOneAndLiftsALockout()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        await AuthorizationTests.CreateUserAsync(admin, "forgetful", "observer", null);
        using var anonymous = new ApiClient(app.Address);
        for (var i = 0; i < 5; i++)
        {
            (await anonymous.SignInAsync("forgetful", "wrong password 999")).Dispose();
        }

        using var reset = await admin.PostAsync("/api/admin/users/forgetful/password", new { password = "全新的而且足够长的一个密码" });
        using var oldPassword = await anonymous.SignInAsync("forgetful", "社区工作人员的密码123");
        using var newPassword = await anonymous.SignInAsync("forgetful", "全新的而且足够长的一个密码");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);
    }
}
