using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ServerlessMinSheng.Functions.Tests.Identity;

public partial class AuthorizationTests
{
    /// <summary>
    /// The reviewed list of what anyone may call without signing in. Adding to it is a security decision;
    /// every other endpoint the app maps must refuse an anonymous caller.
    /// </summary>
    private static readonly HashSet<string> PublicEndpoints =
    [
        "GetHealth",           // load balancers and operators
        "GetAreas",            // the resident form's community picker
        "GetAntiforgeryToken", // needed before signing in or submitting
        "SignIn",
        "SubmitRequest",       // residents never need an account
        "GetRequest",          // the tracking page: the code is the key; text is redacted, no phone
        "GetNeedsMap",         // the public needs map: counts and topic phrases only
        "GetApiDocument",      // the OpenAPI document partners integrate against
        "RateRequest",         // the resident rates a reply; the tracking code is the key, rate-limited like the form
        "GetProjectBoard",     // the public board of micro-projects (proposals not yet in deliberation hidden)
        "GetProject",          // a project's public detail and timeline
        "SupportProject",      // residents tick support with one of their tracking codes, rate-limited
        "ScoreProject",        // residents score a project in evaluation, the same way
        "GetProjectPhoto",     // progress and completion photos shown on the public board
        "GetRankingCatalog",   // the public rankings: which levels and periods have been computed
        "GetRanking",          // a ranking: unit names, counts and rates, no request or person
        "ExportRanking",       // the same ranking as XLSX or CSV
        "GetTrend",            // a unit's monthly ranks and rates
    ];

    // PostPartnerRequests is absent on purpose: it takes no cookie, but without a valid HMAC signature it answers 401 like everything else.

    [Fact]
    public async Task EveryEndpointExceptTheReviewedPublicOnesRejectsAnAnonymousCaller()
    {
        await using var app = await IdentityTestApp.StartAsync();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToList();
        var seenPublic = new HashSet<string>();

        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} named endpoints found");
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            var method = methods is { Count: > 0 } ? methods[0] : "GET";
            var path = "/" + RouteParameter().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), "x");
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "GET" or "HEAD" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            using var response = await app.Http.SendAsync(request);

            if (PublicEndpoints.Contains(name))
            {
                seenPublic.Add(name);
                Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{name} is reviewed as public but answered 401");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} ({name}) answered {(int)response.StatusCode} to an anonymous caller");
            }
        }

        Assert.Equal(PublicEndpoints.Order(), seenPublic.Order());
    }

    [Fact]
    public async Task AStaffMemberOfOneCommunityCannotSeeAnotherCommunity()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        var yizhuang = await IdentityTestApp.CreateAsync(admin, "/api/admin/towns", new { name = "亦庄镇" });
        var other = await IdentityTestApp.CreateAsync(admin, "/api/admin/towns", new { name = "旧宫镇" });
        var chaolin = await IdentityTestApp.CreateAsync(admin, "/api/admin/communities", new { name = "朝林社区", townId = yizhuang });
        var dongli = await IdentityTestApp.CreateAsync(admin, "/api/admin/communities", new { name = "东里社区", townId = yizhuang });
        var elsewhere = await IdentityTestApp.CreateAsync(admin, "/api/admin/communities", new { name = "德茂社区", townId = other });
        await CreateUserAsync(admin, "wang.li", "community_staff", chaolin);
        await CreateUserAsync(admin, "zhao.min", "town_staff", yizhuang);

        using var worker = await ApiClient.SignedInAsync(app, "wang.li", "社区工作人员的密码123");
        using var ownCommunity = await worker.GetAsync($"/api/communities/{chaolin}/staff");
        using var otherCommunity = await worker.GetAsync($"/api/communities/{dongli}/staff");
        using var adminPage = await worker.GetAsync("/api/admin/users");
        using var town = await ApiClient.SignedInAsync(app, "zhao.min", "社区工作人员的密码123");
        using var townOwn = await town.GetAsync($"/api/communities/{dongli}/staff");
        using var townOther = await town.GetAsync($"/api/communities/{elsewhere}/staff");

        Assert.Equal(HttpStatusCode.OK, ownCommunity.StatusCode);
        Assert.Contains("wang.li", await ownCommunity.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherCommunity.StatusCode);
        Assert.Equal("out_of_scope", (await ApiClient.ProblemAsync(otherCommunity)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, adminPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, townOwn.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, townOther.StatusCode);
    }

    [Fact]
    public async Task CapabilitiesFollowTheRoleTable()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        await CreateUserAsync(admin, "observer1", "observer", null);

        using var observer = await ApiClient.SignedInAsync(app, "observer1", "社区工作人员的密码123");
        var me = await observer.GetJsonAsync<System.Text.Json.JsonElement>("/api/auth/me");
        using var createTown = await observer.PostAsync("/api/admin/towns", new { name = "不该成功" });

        Assert.Equal(["evaluate_projects"], me.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, createTown.StatusCode);
    }

    internal static async Task CreateUserAsync(ApiClient admin, string username, string role, string? scopeId)
    {
        using var response = await admin.PostAsync("/api/admin/users", new { username, displayName = "测试用户 " + username, role, scopeId, password = "社区工作人员的密码123" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
