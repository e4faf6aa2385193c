using System.Net;
using System.Text;

namespace ServerlessMinSheng.Functions.Tests.Identity;

public class RequestSafetyTests
{
    [Fact]
    public async Task AStateChangingCallWithoutAnAntiforgeryTokenIsRefusedAndChangesNothing()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);

        using var missing = await admin.SendAsync(HttpMethod.Post, "/api/admin/towns", new { name = "亦庄镇" }, withToken: false);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/admin/towns") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "亦庄镇" }) };
        wrong.Headers.Add("X-CSRF-TOKEN", "forged");
        using var forged = await admin.Http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("antiforgery", (await ApiClient.ProblemAsync(missing)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty((await admin.GetJsonAsync<System.Text.Json.JsonElement>("/api/areas")).EnumerateArray());
    }

    [Fact]
    public async Task AnOversizedBodyIs413AndMalformedJsonIs400NeverA500()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var admin = await IdentityTestApp.AdminAsync(app);
        var token = System.Text.Json.JsonDocument.Parse(await admin.Http.GetStringAsync("/api/auth/antiforgery")).RootElement.GetProperty("token").GetString()!;

        async Task<HttpResponseMessage> Post(string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/towns") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-CSRF-TOKEN", token);
            return await admin.Http.SendAsync(request);
        }

        using var huge = await Post("{\"name\":\"" + new string('镇', 40_000) + "\"}");
        using var broken = await Post("{\"name\":");
        using var wrongType = await Post("{\"name\": 42}");
        using var invalidUtf8 = await admin.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/admin/towns")
        {
            Content = new ByteArrayContent([0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]) { Headers = { { "Content-Type", "application/json" } } },
            Headers = { { "X-CSRF-TOKEN", token } },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.True((await ApiClient.ProblemAsync(huge)).TryGetProperty("code", out var code) && code.GetString() == "payload_too_large", await huge.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("bad_request", (await ApiClient.ProblemAsync(broken)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalidUtf8.StatusCode);
        Assert.Empty((await admin.GetJsonAsync<System.Text.Json.JsonElement>("/api/areas")).EnumerateArray());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/health")]
    [InlineData("/api/auth/me")]
    [InlineData("/no-such-page")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        await using var app = await IdentityTestApp.StartAsync();

        using var response = await app.Http.GetAsync(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
