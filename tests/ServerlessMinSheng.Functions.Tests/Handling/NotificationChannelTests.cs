using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Notifications;
using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Functions.Tests.Intake;

namespace ServerlessMinSheng.Functions.Tests.Handling;

/// <summary>SMS and WeChat template messages: adapters behind the outbox's channel interface, off by default, posting to a gateway the test runs.</summary>
public class NotificationChannelTests
{
    private const string Password = "社区工作人员的密码123";
    private const string Phone = "13800138000";
    private const string OtherPhone = "13900139000";
    private const string SmsSecret = "sms-gateway-secret";
    private const string Rejected = "所纳入的民心微实事未获通过";

    [Fact]
    public async Task SmsAndWeChatAreOffByDefaultSoNothingIsSentOrRecordedForThem()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var settings = SmsSettings(gateway, enabled: null);
        settings["Notifications:WeChat:Endpoint"] = gateway.Url + "/wechat";
        await using var site = await IntakeTestApp.StartAsync(settings);
        var code = await TriagedAsync(site, Phone);

        var (id, _) = await RejectedProjectAsync(site, code);
        var tracked = await site.Admin.GetJsonAsync<JsonElement>($"/api/requests/{code}");
        await Task.Delay(TimeSpan.FromSeconds(2)); // Time for a wrongly queued message to reach the gateway.
        var notices = await NoticesAsync(site, code);

        Assert.Contains(tracked.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "project_reject");
        Assert.Empty(gateway.Calls);
        Assert.Equal([Notification.InApp], notices.Select(n => n.Channel).Distinct());
        Assert.All(notices, n => Assert.Equal("project", n.Lifecycle));
        Assert.NotEmpty(id);
    }

    [Fact]
    public async Task AnEnabledSmsGatewayGetsOneSignedTextPerResidentPerEventEvenWhenTheQueueDeliversItTwice()
    {
        await using var gateway = await FakeGateway.StartAsync(delay: TimeSpan.FromSeconds(1));
        await using var site = await IntakeTestApp.StartAsync(SmsSettings(gateway, enabled: true));
        var codes = new[] { await TriagedAsync(site, Phone), await TriagedAsync(site, OtherPhone), await TriagedAsync(site, phone: null) };

        var (id, version) = await RejectedProjectAsync(site, codes);
        // While the first copy is still at the gateway (it answers after a second), two more copies of the same message.
        var message = new NotificationMessage(NotificationOutbox.ForRequest(codes[0]), $"project:{id}:{version}|{Notification.Sms}");
        var queues = site.App.Services.GetRequiredService<TriggerQueues>();
        await Task.WhenAll(queues.SendJsonAsync(NotificationOutbox.QueueName, message), queues.SendJsonAsync(NotificationOutbox.QueueName, message));
        await Eventually.ReturnsAsync(() => Task.FromResult(gateway.Accepted.Count), n => n >= 2, "a text to each resident with a phone number", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        await queues.SendJsonAsync(NotificationOutbox.QueueName, message); // And once more after it was delivered.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var first = (await NoticesAsync(site, codes[0])).Single(n => n.Channel == Notification.Sms);
        var none = await NoticesAsync(site, codes[2]);

        var texts = gateway.Calls.ToList();
        Assert.Equal(2, texts.Count);
        Assert.Equal([Phone, OtherPhone], texts.Select(t => t.Json.GetProperty("phoneNumber").GetString()!).Order());
        var text = texts.Single(t => t.Json.GetProperty("phoneNumber").GetString() == Phone);
        Assert.Equal("sms", text.Path);
        Assert.Equal($"project:{id}:{version}:{codes[0]}", text.EventId);
        Assert.Equal(Sign(SmsSecret, text.Timestamp, text.Body), text.Signature);
        Assert.Equal("亦庄民生", text.Json.GetProperty("signName").GetString());
        Assert.Equal("SMS_480125", text.Json.GetProperty("templateId").GetString());
        Assert.Equal($"{codes[0][..5]}-{codes[0][5..]}", text.Json.GetProperty("templateParams").GetProperty("code").GetString());
        Assert.Equal(Rejected, text.Json.GetProperty("templateParams").GetProperty("event").GetString());
        Assert.Equal(Notification.Delivered, first.Delivery);
        Assert.Equal(1, first.Attempts);
        Assert.DoesNotContain(none, n => n.Channel == Notification.Sms); // No phone number, no text.
    }

    [Fact]
    public async Task AWeChatFollowerGetsOneTemplateMessageWhenTheirRequestIsReplied()
    {
        await using var gateway = await FakeGateway.StartAsync();
        await using var site = await IntakeTestApp.StartAsync(new Dictionary<string, string>
        {
            ["Notifications:WeChat:Enabled"] = "true",
            ["Notifications:WeChat:Endpoint"] = gateway.Url + "/wechat",
            ["Notifications:WeChat:TemplateId"] = "tmpl-reply-1",
            ["Notifications:WeChat:AppId"] = "wx0123456789abcdef",
            ["Notifications:WeChat:PartnerId"] = "wechat-yizhuang",
            ["Notifications:WeChat:Secret"] = "wechat-gateway-secret",
        });
        using var created = await site.Admin.PostAsync("/api/admin/partners", new { id = "wechat-yizhuang", name = "亦庄镇微信公众号" });
        var secret = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        var body = PartnerCalls.Item("wx-0001", "朝林路东口的路灯坏了一周，晚上很黑", community: "朝林社区", phone: Phone);
        using var post = await site.App.Http.SendAsync(PartnerCalls.Signed("wechat-yizhuang", secret, body, PartnerCalls.UnixSeconds(DateTimeOffset.UtcNow)));
        var code = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("trackingCode").GetString()!;
        await site.WaitForTriageAsync(code);
        await Tests.Identity.AuthorizationTests.CreateUserAsync(site.Admin, "chaolin1", "community_staff", site.CommunityId);
        using var worker = await ApiClient.SignedInAsync(site.App, "chaolin1", Password);

        await ActAsync(site.Admin, code, "dispatch", new { unitKind = "community", unitId = site.CommunityId, version = 0 });
        await ActAsync(worker, code, "sign", new { version = 1 });
        await ActAsync(worker, code, "reply", new { outcome = "resolved", text = "已更换灯泡，当晚恢复照明。", version = 2 });
        await Eventually.ReturnsAsync(() => Task.FromResult(gateway.Accepted.Count), n => n >= 1, "the template message", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var message = Assert.Single(gateway.Calls);
        Assert.Equal("wechat", message.Path);
        Assert.Equal($"request:{code}:3", message.EventId);
        Assert.Equal(Sign("wechat-gateway-secret", message.Timestamp, message.Body), message.Signature);
        Assert.Equal("wx0123456789abcdef", message.Json.GetProperty("appId").GetString());
        Assert.Equal("tmpl-reply-1", message.Json.GetProperty("templateId").GetString());
        Assert.Equal("wx-0001", message.Json.GetProperty("partnerRef").GetString());
        Assert.Equal("已有答复，请查看并评价", message.Json.GetProperty("data").GetProperty("keyword2").GetProperty("value").GetString());
        Assert.Contains("已更换灯泡", message.Json.GetProperty("data").GetProperty("remark").GetProperty("value").GetString());
        Assert.DoesNotContain(Phone, message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(await NoticesAsync(site, code), n => n.Channel == Notification.Sms); // SMS stays off.
    }

    [Fact]
    public async Task AResidentWhoUsedTheWebFormGetsOneTextWhenTheirRequestIsRepliedAndSeesTheReplyOnceOnTheTrackingPage()
    {
        await using var gateway = await FakeGateway.StartAsync();
        await using var site = await IntakeTestApp.StartAsync(SmsSettings(gateway, enabled: true));
        var code = await TriagedAsync(site, Phone);
        await Tests.Identity.AuthorizationTests.CreateUserAsync(site.Admin, "chaolin1", "community_staff", site.CommunityId);
        using var worker = await ApiClient.SignedInAsync(site.App, "chaolin1", Password);

        await ActAsync(site.Admin, code, "dispatch", new { unitKind = "community", unitId = site.CommunityId, version = 0 });
        await ActAsync(worker, code, "sign", new { version = 1 });
        await ActAsync(worker, code, "reply", new { outcome = "resolved", text = "已更换灯泡，当晚恢复照明。", version = 2 });
        await Eventually.ReturnsAsync(() => Task.FromResult(gateway.Accepted.Count), n => n >= 1, "the text", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var tracked = await new ApiClient(site.App.Address).GetJsonAsync<JsonElement>($"/api/requests/{code}");

        var text = Assert.Single(gateway.Calls); // Only the reply asks something of the resident; dispatch and signing stay on the tracking page.
        Assert.Equal($"request:{code}:3", text.EventId);
        Assert.Equal(Phone, text.Json.GetProperty("phoneNumber").GetString());
        Assert.Equal("已有答复，请查看并评价", text.Json.GetProperty("templateParams").GetProperty("event").GetString());
        Assert.Single(tracked.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "reply");
    }

    [Fact]
    public async Task AFailingSmsGatewayIsTriedFiveTimesThenTheTextIsMarkedFailedAndThePhoneNumberIsNeverLoggedOrStored()
    {
        await using var gateway = await FakeGateway.StartAsync(failFirst: int.MaxValue);
        var settings = SmsSettings(gateway, enabled: true);
        settings["Logging:LogLevel:ServerlessMinSheng"] = "Trace";
        settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace";
        await using var site = await IntakeTestApp.StartAsync(settings);
        var logs = new CapturedLogs();
        site.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var code = await TriagedAsync(site, Phone);

        await RejectedProjectAsync(site, code);
        var failed = await Eventually.ReturnsAsync(
            async () => (await NoticesAsync(site, code)).Single(n => n.Channel == Notification.Sms), n => n.Delivery != Notification.Pending, "the text to be given up", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2)); // A sixth try would show up now.
        var stored = new List<string>();
        var table = await site.App.Services.GetRequiredService<AppTables>().GetAsync(Notification.TableName, CancellationToken.None);
        await foreach (var row in table.QueryAsync<Notification>())
        {
            stored.Add(JsonSerializer.Serialize(row));
        }

        Assert.Equal(Notification.Failed, failed.Delivery);
        Assert.Equal(5, failed.Attempts);
        Assert.Contains("500", failed.LastError);
        Assert.Equal(5, gateway.Calls.Count);
        Assert.All(gateway.Calls, c => Assert.Equal(Phone, c.Json.GetProperty("phoneNumber").GetString())); // The gateway did get the number.
        Assert.Contains(logs.Lines, l => l.Contains("failed (try 5)", StringComparison.Ordinal)); // The capture saw the deliverer's logs.
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Phone, StringComparison.Ordinal));
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, r => r.Contains(Phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChannelSwitchedOnWithoutItsGatewayStopsTheAppAtStartupNamingTheSetting()
    {
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Notifications__Sms__Enabled"] = "true",
            ["Notifications__Sms__TemplateId"] = "SMS_480125",
        });

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Notifications:Sms: Endpoint must be an absolute http(s) URL; Secret is required; SignName is required", app.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> SmsSettings(FakeGateway gateway, bool? enabled)
    {
        var settings = new Dictionary<string, string>
        {
            ["Notifications:Sms:Endpoint"] = gateway.Url + "/sms",
            ["Notifications:Sms:TemplateId"] = "SMS_480125",
            ["Notifications:Sms:SignName"] = "亦庄民生",
            ["Notifications:Sms:Secret"] = SmsSecret,
        };
        if (enabled is { } on)
        {
            settings["Notifications:Sms:Enabled"] = on ? "true" : "false";
        }

        return settings;
    }

    private static async Task<string> TriagedAsync(IntakeTestApp site, string? phone)
    {
        using var resident = new ApiClient(site.App.Address);
        var code = await site.SubmitAsync(resident, "希望建社区食堂", "小区老人多，吃饭难，希望社区能建一个食堂", phone: phone);
        await site.WaitForTriageAsync(code);
        return code;
    }

    /// <summary>A project proposed from the requests and rejected with a reason: an event every linked resident hears about.</summary>
    private static async Task<(string Id, int Version)> RejectedProjectAsync(IntakeTestApp site, params string[] codes)
    {
        using var proposed = await site.Admin.PostAsync("/api/projects", new { title = "社区食堂", description = "在朝林社区建设老年食堂", theme = "健康", communityIds = new[] { site.CommunityId }, budget = 80000, linkedRequests = codes });
        var text = await proposed.Content.ReadAsStringAsync();
        Assert.True(proposed.StatusCode == HttpStatusCode.Created, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        using var rejected = await site.Admin.PostAsync($"/api/projects/{id}/actions/reject", new { reason = "周边 500 米内已有养老驿站助餐点" });
        var body = await rejected.Content.ReadAsStringAsync();
        Assert.True(rejected.StatusCode == HttpStatusCode.OK, body);
        return (id, JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32());
    }

    private static async Task ActAsync(ApiClient client, string code, string action, object body)
    {
        using var response = await client.PostAsync($"/api/staff/requests/{code}/actions/{action}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<IReadOnlyList<Notification>> NoticesAsync(IntakeTestApp site, string code) =>
        site.App.Services.GetRequiredService<NotificationOutbox>().ForAsync(NotificationOutbox.ForRequest(code), CancellationToken.None);

    private static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + body)));

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
