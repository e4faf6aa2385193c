using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ServerlessMinSheng.Functions.Tests.Intake;

namespace ServerlessMinSheng.Functions.Tests.Handling;

/// <summary>The outbox: a partner system is told each public step of its requests by a signed callback, retried until it answers, once per event.</summary>
public class NotificationTests
{
    [Fact]
    public async Task APartnerIsCalledBackForEachPublicStepSignedRetriedAndOncePerEvent()
    {
        await using var partnerSystem = await FakePartnerSystem.StartAsync(failFirst: 2);
        await using var site = await IntakeTestApp.StartAsync();
        using var created = await site.Admin.PostAsync("/api/admin/partners", new { id = "hotline-12345", name = "12345热线" });
        var secret = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        using var badUrl = await site.Admin.SendAsync(HttpMethod.Put, "/api/admin/partners/hotline-12345/callback", new { callbackUrl = "ftp://example.com/x" });
        using (var set = await site.Admin.SendAsync(HttpMethod.Put, "/api/admin/partners/hotline-12345/callback", new { callbackUrl = partnerSystem.Url }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var body = PartnerCalls.Item("call-0001", "朝林路东口的路灯坏了一周，晚上很黑", community: "朝林社区", phone: "13800138000");
        using var post = await site.App.Http.SendAsync(PartnerCalls.Signed("hotline-12345", secret, body, PartnerCalls.UnixSeconds(DateTimeOffset.UtcNow)));
        var code = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("trackingCode").GetString()!;
        await site.WaitForTriageAsync(code);
        using (var dispatch = await site.Admin.PostAsync($"/api/staff/requests/{code}/actions/dispatch", new { unitKind = "community", unitId = site.CommunityId }))
        {
            Assert.Equal(HttpStatusCode.OK, dispatch.StatusCode);
        }

        var delivered = await Eventually.ReturnsAsync(
            () => Task.FromResult(partnerSystem.Accepted.ToList()), calls => calls.Count >= 1, "the dispatch callback to get through", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2)); // Time for a wrongly repeated delivery to show up.

        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        var call = Assert.Single(partnerSystem.Accepted);
        Assert.Equal(2, partnerSystem.Refused);
        Assert.Equal($"request:{code}:1", call.EventId);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(call.Timestamp + "\n" + call.Body)));
        Assert.Equal(expected, call.Signature);
        var payload = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal(code, payload.GetProperty("trackingCode").GetString());
        Assert.Equal("call-0001", payload.GetProperty("partnerRef").GetString());
        Assert.Equal("dispatched", payload.GetProperty("status").GetString());
        Assert.DoesNotContain("13800138000", call.Body);
        Assert.Single(delivered.Select(d => d.EventId).Distinct());
    }

    /// <summary>A partner's callback endpoint: refuses the first calls with 500, then records each call.</summary>
    private sealed class FakePartnerSystem : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly int _failFirst;
        private int _calls;

        private FakePartnerSystem(WebApplication app, int failFirst)
        {
            _app = app;
            _failFirst = failFirst;
        }

        public sealed record Call(string EventId, string Timestamp, string Signature, string Body);

        public ConcurrentQueue<Call> Accepted { get; } = new();

        public int Refused => Math.Min(Volatile.Read(ref _calls), _failFirst);

        public string Url { get; private set; } = string.Empty;

        public static async Task<FakePartnerSystem> StartAsync(int failFirst)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"] });
            var app = builder.Build();
            var system = new FakePartnerSystem(app, failFirst);
            app.MapPost("/callback", async (Microsoft.AspNetCore.Http.HttpRequest request) =>
            {
                if (Interlocked.Increment(ref system._calls) <= system._failFirst)
                {
                    return Microsoft.AspNetCore.Http.Results.StatusCode(500);
                }

                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                system.Accepted.Enqueue(new Call(
                    request.Headers["X-MinSheng-Event-Id"].ToString(),
                    request.Headers["X-MinSheng-Timestamp"].ToString(),
                    request.Headers["X-MinSheng-Signature"].ToString(),
                    await reader.ReadToEndAsync()));
                return Microsoft.AspNetCore.Http.Results.Ok();
            });
            await app.StartAsync();
            system.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/callback";
            return system;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
