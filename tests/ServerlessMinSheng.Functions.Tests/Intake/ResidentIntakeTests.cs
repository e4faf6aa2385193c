using ServerlessMinSheng.Functions.Storage;
using System.Net;
using System.Text;
using System.Text.Json;
using ServerlessMinSheng.Functions.Intake;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Tests.Intake;

public class ResidentIntakeTests
{
    [Fact]
    public async Task ASubmittedRequestIsAcknowledgedTrackedAndTriagedWithoutItsPhoneNumber()
    {
        await using var site = await IntakeTestApp.StartAsync();
        using var resident = new ApiClient(site.App.Address);

        var code = await site.SubmitAsync(resident, "东门路灯坏了", "小区东门的路灯坏了一个月，晚上很黑，老人出门不安全。有事请打13812345678", phone: "138 1234 5678");
        var tracked = await site.WaitForTriageAsync(code);
        var text = tracked.ToString();

        Assert.Equal(code, tracked.GetProperty("trackingCode").GetString());
        Assert.Equal("朝林社区", tracked.GetProperty("communityName").GetString());
        Assert.NotNull(tracked.GetProperty("theme").GetString());
        Assert.Contains("[电话]", tracked.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", text, StringComparison.Ordinal);
        Assert.Equal(["received", "triaged"], tracked.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyTwiceIsOneRequest()
    {
        await using var site = await IntakeTestApp.StartAsync();
        using var resident = new ApiClient(site.App.Address);

        var first = await site.SubmitAsync(resident, "楼道堆物", "楼道里堆满了杂物，影响消防通道", key: "tap-1");
        var second = await site.SubmitAsync(resident, "楼道堆物", "楼道里堆满了杂物，影响消防通道", key: "tap-1");
        var third = await site.SubmitAsync(resident, "楼道堆物", "楼道里堆满了杂物，影响消防通道", key: "tap-2");

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
        var stored = await StorageClients.Tables(site.App.App.Configuration["AzureWebJobsStorage"]!).GetTableClient(ResidentRequest.TableName).QueryAsync<TableEntity>().CountAsync();
        Assert.Equal(2, stored);
    }

    [Fact]
    public async Task BadFieldsAreEachNamedAndNothingIsStored()
    {
        await using var site = await IntakeTestApp.StartAsync();
        using var resident = new ApiClient(site.App.Address);

        using var response = await resident.PostAsync("/api/requests", new
        {
            title = new string('题', 101),
            description = new string('字', 4001),
            communityId = "cnothere",
            phone = "12345",
            address = new string('址', 201),
            isPublic = false,
        });
        var errors = (await ApiClient.ProblemAsync(response)).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["address", "communityId", "description", "phone", "title"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var requests = StorageClients.Tables(site.App.App.Configuration["AzureWebJobsStorage"]!).GetTableClient(ResidentRequest.TableName);
        await requests.CreateIfNotExistsAsync();
        Assert.False(await requests.QueryAsync<TableEntity>().AnyAsync());
    }

    [Fact]
    public async Task ScriptInTheTextIsStoredAndReturnedAsText()
    {
        await using var site = await IntakeTestApp.StartAsync();
        using var resident = new ApiClient(site.App.Address);

        var code = await site.SubmitAsync(resident, "<script>alert(1)</script>", "<img src=x onerror=alert(1)> 井盖丢了");
        var tracked = await resident.GetJsonAsync<JsonElement>($"/api/requests/{code}");

        Assert.Equal("<script>alert(1)</script>", tracked.GetProperty("title").GetString());
        Assert.StartsWith("<img src=x onerror=alert(1)>", tracked.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFilledHoneypotGetsAnAcceptedLookingAnswerAndNothingIsStored()
    {
        await using var site = await IntakeTestApp.StartAsync();
        using var bot = new ApiClient(site.App.Address);

        using var response = await bot.PostAsync("/api/requests", new { title = "广告", description = "优惠促销", communityId = site.CommunityId, isPublic = true, website = "http://spam.example" });
        var code = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("trackingCode").GetString();
        using var lookup = await bot.GetAsync($"/api/requests/{code}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task MoreThanTheLimitOfSubmissionsPerMinuteFromOneAddressIsRefusedWithRetryAfter()
    {
        await using var site = await IntakeTestApp.StartAsync(new Dictionary<string, string> { ["Intake:SubmissionsPerMinute"] = "3" });
        using var resident = new ApiClient(site.App.Address);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await resident.PostAsync("/api/requests", new { title = $"第{i}件", description = "路面有坑", communityId = site.CommunityId, isPublic = true });
            statuses.Add(response.StatusCode);
            if (i == 3)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task OversizedAndMalformedBodiesAreRefusedWithProblemDetails()
    {
        await using var site = await IntakeTestApp.StartAsync();
        using var resident = new ApiClient(site.App.Address);
        var token = JsonDocument.Parse(await resident.Http.GetStringAsync("/api/auth/antiforgery")).RootElement.GetProperty("token").GetString()!;

        async Task<HttpStatusCode> PostRaw(byte[] body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } } };
            request.Headers.Add("X-CSRF-TOKEN", token);
            using var response = await resident.Http.SendAsync(request);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostRaw(Encoding.UTF8.GetBytes("{\"description\":\"" + new string('a', 70_000) + "\"}")));
        Assert.Equal(HttpStatusCode.BadRequest, await PostRaw(Encoding.UTF8.GetBytes("{\"title\":")));
        Assert.Equal(HttpStatusCode.BadRequest, await PostRaw([0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]));
    }

    [Fact]
    public async Task AMistypedTrackingCodeIsCaughtBeforeAnyLookup()
    {
        await using var site = await IntakeTestApp.StartAsync();
        using var resident = new ApiClient(site.App.Address);
        var code = await site.SubmitAsync(resident, "噪音", "夜里施工噪音扰民");
        var typo = code[..3] + (code[3] == 'A' ? 'B' : 'A') + code[4..];

        using var mistyped = await resident.GetAsync($"/api/requests/{typo}");
        using var lowercase = await resident.GetAsync($"/api/requests/{TrackingCode.Display(code).ToLowerInvariant()}");
        using var unknown = await resident.GetAsync($"/api/requests/{TrackingCode.New(TrackingCode.NewBucket())}");

        Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);
        Assert.Equal("invalid_tracking_code", (await ApiClient.ProblemAsync(mistyped)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, lowercase.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
