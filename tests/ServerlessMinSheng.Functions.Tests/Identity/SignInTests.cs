using System.Diagnostics;
using System.Net;

namespace ServerlessMinSheng.Functions.Tests.Identity;

public class SignInTests
{
    [Fact]
    public async Task SigningInSetsAnHttpOnlyLaxCookieAndMeDescribesTheAccount()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var client = new ApiClient(app.Address);

        using var response = await client.SignInAsync(" ROOT ", IdentityTestApp.AdminPassword);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sms.auth=", StringComparison.Ordinal));
        var me = await client.GetJsonAsync<System.Text.Json.JsonElement>("/api/auth/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("root", me.GetProperty("username").GetString());
        Assert.Equal("district_admin", me.GetProperty("role").GetString());
        Assert.Contains("manage_users", me.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownUserGetTheSameAnswerAfterTheSameHashingWork()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var client = new ApiClient(app.Address);

        var wrong = await TimeAsync(() => client.SignInAsync(IdentityTestApp.AdminName, "not the password at all"));
        var unknown = await TimeAsync(() => client.SignInAsync("nobody-here", "not the password at all"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(wrong.Status, unknown.Status);
        Assert.Equal(wrong.Body, unknown.Body);
        // Both must pay for a PBKDF2 verification, so an unknown user cannot be told apart by a fast answer.
        // A lower bound holds however busy the machine is (load only makes calls slower).
        var hashing = HashVerificationMilliseconds();
        Assert.True(unknown.Fastest >= hashing * 0.5, $"unknown user answered in {unknown.Fastest:0} ms; one hash verification takes {hashing:0} ms");
        Assert.True(wrong.Fastest >= hashing * 0.5, $"wrong password answered in {wrong.Fastest:0} ms; one hash verification takes {hashing:0} ms");
    }

    [Fact]
    public async Task FiveFailuresLockAUserNameForFifteenMinutesWhetherOrNotItExists()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await IdentityTestApp.StartAsync(time: time);
        using var client = new ApiClient(app.Address);

        for (var i = 0; i < 5; i++)
        {
            (await client.SignInAsync(IdentityTestApp.AdminName, "wrong password 123")).Dispose();
            (await client.SignInAsync("ghost", "wrong password 123")).Dispose();
        }

        using var lockedReal = await client.SignInAsync(IdentityTestApp.AdminName, IdentityTestApp.AdminPassword);
        using var lockedGhost = await client.SignInAsync("ghost", "wrong password 123");
        Assert.Equal(423, (int)lockedReal.StatusCode);
        Assert.Equal(423, (int)lockedGhost.StatusCode);
        Assert.Equal("account_locked", (await ApiClient.ProblemAsync(lockedReal)).GetProperty("code").GetString());
        Assert.True(lockedReal.Headers.RetryAfter is not null);

        time.Advance(TimeSpan.FromMinutes(14));
        using (var stillLocked = await client.SignInAsync(IdentityTestApp.AdminName, IdentityTestApp.AdminPassword))
        {
            Assert.Equal(423, (int)stillLocked.StatusCode);
        }

        time.Advance(TimeSpan.FromMinutes(1.5));
        using var unlocked = await client.SignInAsync(IdentityTestApp.AdminName, IdentityTestApp.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
    }

    [Fact]
    public async Task FailuresSpreadOverMoreThanFifteenMinutesDoNotLock()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await IdentityTestApp.StartAsync(time: time);
        using var client = new ApiClient(app.Address);

        for (var i = 0; i < 8; i++)
        {
            (await client.SignInAsync(IdentityTestApp.AdminName, "wrong password 123")).Dispose();
            time.Advance(TimeSpan.FromMinutes(4));
        }

        using var response = await client.SignInAsync(IdentityTestApp.AdminName, IdentityTestApp.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignInAttemptsAreRateLimitedPerClientAddress()
    {
        await using var app = await IdentityTestApp.StartAsync(new Dictionary<string, string> { ["Identity:SignInAttemptsPerMinute"] = "3" });
        using var client = new ApiClient(app.Address);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.SignInAsync("someone", "wrong password 123");
            statuses.Add((int)response.StatusCode);
            if (i == 3)
            {
                Assert.Equal("rate_limited", (await ApiClient.ProblemAsync(response)).GetProperty("code").GetString());
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal([401, 401, 401, 429], statuses);
    }

    [Fact]
    public async Task MissingFieldsAreNamedInAValidationProblem()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var client = new ApiClient(app.Address);

        using var response = await client.PostAsync("/api/auth/signin", new { username = "root" });
        var problem = await ApiClient.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        await using var app = await IdentityTestApp.StartAsync();
        using var client = await IdentityTestApp.AdminAsync(app);

        (await client.PostAsync("/api/auth/signout", new { })).Dispose();
        using var me = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task ASignInSurvivesARestartBecauseTheKeyRingIsInStorage()
    {
        var account = await SharedAzurite.NewAccountAsync();
        Uri address;
        ApiClient client;
        await using (var first = await IdentityTestApp.StartAsync(connectionString: account.ConnectionString))
        {
            client = await IdentityTestApp.AdminAsync(first);
            address = first.Address;
        }

        await using var second = await IdentityTestApp.StartAsync(connectionString: account.ConnectionString);
        using var restarted = new ApiClient(second.Address);
        foreach (Cookie cookie in client.Cookies.GetAllCookies())
        {
            restarted.Cookies.Add(second.Address, new Cookie(cookie.Name, cookie.Value));
        }

        using var me = await restarted.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        client.Dispose();
        Assert.NotEqual(address, second.Address);
    }

    private static double HashVerificationMilliseconds()
    {
        var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<ServerlessMinSheng.Functions.Identity.UserAccount>();
        var account = new ServerlessMinSheng.Functions.Identity.UserAccount();
        var hash = hasher.HashPassword(account, "calibration password");
        return Enumerable.Range(0, 3).Select(_ =>
        {
            var started = Stopwatch.GetTimestamp();
            hasher.VerifyHashedPassword(account, hash, "another password");
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }).Min();
    }

    private static async Task<(HttpStatusCode Status, string Body, double Fastest)> TimeAsync(Func<Task<HttpResponseMessage>> call)
    {
        var times = new List<double>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            var started = Stopwatch.GetTimestamp();
            last = await call();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var body = await last!.Content.ReadAsStringAsync();
        var status = last.StatusCode;
        last.Dispose();
        return (status, RemoveVolatile(body), times.Min());
    }

    private static string RemoveVolatile(string problem) => System.Text.RegularExpressions.Regex.Replace(problem, "\"traceId\":\"[^\"]*\"", string.Empty);
}
