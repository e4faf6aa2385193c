using ServerlessMinSheng.Functions.Storage;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Partners;
using Azure.Data.Tables;
using static ServerlessMinSheng.Functions.Tests.Intake.IntakeTestData;
using static ServerlessMinSheng.Functions.Tests.Intake.PartnerCalls;

namespace ServerlessMinSheng.Functions.Tests.Intake;

/// <summary>
/// The partner webhook as a partner system calls it: plain HTTP without cookies or antiforgery tokens,
/// signed as the API document says (HMAC-SHA256 of timestamp + "\n" + body, computed here, not with the app's code).
/// </summary>
public class PartnerWebhookTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private IntakeTestApp Site => fixture.Site;

    [Fact]
    public async Task ASignedRequestIsAcceptedTrackedAndTriaged()
    {
        var partner = await RegisterAsync();
        var reference = "12345-" + Unique();

        using var response = await PostAsync(partner, Item(reference, "小区东门的路灯坏了一个月，晚上很黑。回电13812345678", title: "东门路灯坏了", communityId: Site.CommunityId, phone: "13812345678"));
        var result = Json(await response.Content.ReadAsStringAsync());
        var code = result.GetProperty("trackingCode").GetString()!;
        var tracked = await Site.WaitForTriageAsync(code);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/track/{code}", response.Headers.Location?.OriginalString);
        Assert.Equal("created", result.GetProperty("status").GetString());
        Assert.Equal(reference, result.GetProperty("partnerRef").GetString());
        Assert.Equal("partner", tracked.GetProperty("channel").GetString());
        Assert.Equal("东门路灯坏了", tracked.GetProperty("title").GetString());
        Assert.Equal("朝林社区", tracked.GetProperty("communityName").GetString());
        Assert.NotNull(tracked.GetProperty("theme").GetString());
        Assert.DoesNotContain("13812345678", tracked.ToString(), StringComparison.Ordinal);
        var stored = Assert.Single(await Site.StoredRequestsAsync(r => r.PartnerId == partner.Id));
        Assert.Equal((code, reference, Channel.Partner), (stored.Code, stored.PartnerRef, stored.Channel));
    }

    [Fact]
    public async Task ABatchAnswersEachItemStoresTheGoodOnesAndNamesWhatIsWrongWithTheRest()
    {
        var partner = await RegisterAsync();
        string[] batch =
        [
            Item("b-0", "3号楼电梯经常停运，老人上下楼困难", title: "电梯停运", communityId: Site.CommunityId),
            Item("b-1", "东里社区西门口的垃圾桶满了三天没人清运\n气味很大", community: "东里社区"),
            Item(null, "没有合作方编号的诉求", communityId: Site.CommunityId),
            Item("b-3", "社区不存在", communityId: "cnothere"),
            "42",
            Item("b-5", "电话号码不对", communityId: Site.CommunityId, phone: "12345"),
        ];

        using var response = await PostAsync(partner, $"[{string.Join(',', batch)}]");
        var results = Json(await response.Content.ReadAsStringAsync()).GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([0, 1, 2, 3, 4, 5], results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(["created", "created", "invalid", "invalid", "invalid", "invalid"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(["partnerRef"], FieldNames(results[2]));
        Assert.Equal(["communityId"], FieldNames(results[3]));
        Assert.Equal(["item"], FieldNames(results[4]));
        Assert.Equal(["phone"], FieldNames(results[5]));
        Assert.All(results.Skip(2), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("trackingCode").ValueKind));

        var first = await Site.Admin.GetJsonAsync<JsonElement>($"/api/requests/{results[0].GetProperty("trackingCode").GetString()}");
        var second = await Site.Admin.GetJsonAsync<JsonElement>($"/api/requests/{results[1].GetProperty("trackingCode").GetString()}");
        Assert.Equal(("电梯停运", "朝林社区"), (first.GetProperty("title").GetString(), first.GetProperty("communityName").GetString()));
        Assert.Equal(("东里社区西门口的垃圾桶满了三天没人清运", "东里社区"), (second.GetProperty("title").GetString(), second.GetProperty("communityName").GetString()));
        var stored = await Site.StoredRequestsAsync(r => r.PartnerId == partner.Id);
        Assert.Equal(["b-0", "b-1"], stored.Select(r => r.PartnerRef).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PostingTheSamePartnerRefAgainReturnsTheSameCodeWithOkAndNoSecondRequest()
    {
        var partner = await RegisterAsync();
        var community = await Site.NewCommunityAsync();
        var body = Item("dup-1", "楼道里堆满了杂物，影响消防通道", communityId: community);

        using var first = await PostAsync(partner, body);
        var code = Json(await first.Content.ReadAsStringAsync()).GetProperty("trackingCode").GetString()!;
        using var again = await PostAsync(partner, body);
        var repeated = Json(await again.Content.ReadAsStringAsync());
        using var inBatch = await PostAsync(partner, $"[{body},{Item("dup-2", "小区门口的健身器材坏了", communityId: community)}]");
        var batch = Json(await inBatch.Content.ReadAsStringAsync()).GetProperty("results").EnumerateArray().ToList();
        var queue = await Site.TriageQueueAsync(community, code, batch[1].GetProperty("trackingCode").GetString()!);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(code, repeated.GetProperty("trackingCode").GetString());
        Assert.Equal("existing", repeated.GetProperty("status").GetString());
        Assert.Equal((code, "existing"), (batch[0].GetProperty("trackingCode").GetString(), batch[0].GetProperty("status").GetString()));
        Assert.Equal("created", batch[1].GetProperty("status").GetString());
        Assert.Equal(2, (await Site.StoredRequestsAsync(r => r.PartnerId == partner.Id)).Count);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public async Task TheSamePartnerRefTwiceInOneBatchIsOneRequest()
    {
        var partner = await RegisterAsync();
        var item = Item("twice", "路口红绿灯时间太短，老人过马路来不及", communityId: Site.CommunityId);

        using var response = await PostAsync(partner, $"[{item},{item},{item}]");
        var results = Json(await response.Content.ReadAsStringAsync()).GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(results.Select(r => r.GetProperty("trackingCode").GetString()).Distinct());
        Assert.Equal(["created", "existing", "existing"], results.Select(r => r.GetProperty("status").GetString()).Order(StringComparer.Ordinal));
        Assert.Single(await Site.StoredRequestsAsync(r => r.PartnerId == partner.Id));
    }

    [Fact]
    public async Task TheSamePartnerRefFromAnotherPartnerIsAnotherRequest()
    {
        var hotline = await RegisterAsync();
        var wechat = await RegisterAsync();
        var body = Item("0001", "夜里施工噪音扰民", communityId: Site.CommunityId);

        using var fromHotline = await PostAsync(hotline, body);
        using var fromWechat = await PostAsync(wechat, body);

        Assert.Equal(HttpStatusCode.Accepted, fromHotline.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, fromWechat.StatusCode);
        Assert.NotEqual(
            Json(await fromHotline.Content.ReadAsStringAsync()).GetProperty("trackingCode").GetString(),
            Json(await fromWechat.Content.ReadAsStringAsync()).GetProperty("trackingCode").GetString());
    }

    [Theory]
    [InlineData("signed with another secret", 401, "invalid_signature")]
    [InlineData("body changed after signing", 401, "invalid_signature")]
    [InlineData("a wrong bare hex signature", 401, "invalid_signature")]
    [InlineData("no timestamp header", 401, "invalid_signature")]
    [InlineData("no signature header", 401, "invalid_signature")]
    [InlineData("timestamp not a number", 401, "invalid_signature")]
    [InlineData("timestamp six minutes old", 401, "stale_timestamp")]
    [InlineData("timestamp six minutes ahead", 401, "stale_timestamp")]
    [InlineData("unknown partner", 401, "invalid_signature")]
    [InlineData("batch of 101", 400, "bad_batch")]
    [InlineData("empty batch", 400, "bad_batch")]
    [InlineData("not JSON", 400, "bad_request")]
    public async Task ARefusedCallAnswersProblemDetailsWithACodeAndStoresNothing(string fault, int status, string code)
    {
        var partner = await RegisterAsync();
        var reference = "r-" + Unique();
        var body = Item(reference, "小区停车位太少，晚上车停到消防通道上", communityId: Site.CommunityId);
        var now = DateTimeOffset.UtcNow;
        Assert.Contains("停车位", body, StringComparison.Ordinal); // UTF-8 on the wire, not \u escapes: the signature covers multi-byte text.
        using var request = fault switch
        {
            "signed with another secret" => Signed(partner.Id, "not-the-secret", body, UnixSeconds(now)),
            "body changed after signing" => Signed(partner, body, now, sendBody: body.Replace("停车位", "充电桩", StringComparison.Ordinal)),
            "a wrong bare hex signature" => Signed(partner, body, now, signature: new string('0', 64)),
            "no timestamp header" => Signed(partner, body, now, withTimestamp: false),
            "no signature header" => Signed(partner, body, now, signature: string.Empty),
            "timestamp not a number" => Signed(partner.Id, partner.Secret, body, "yesterday"),
            "timestamp six minutes old" => Signed(partner, body, now.AddMinutes(-6)),
            "timestamp six minutes ahead" => Signed(partner, body, now.AddMinutes(6)),
            "unknown partner" => Signed("nobody-" + Unique(), partner.Secret, body, UnixSeconds(now)),
            "batch of 101" => Signed(partner, "[" + string.Join(',', Enumerable.Range(0, 101).Select(i => Item($"{reference}-{i}", $"第{i}条：路灯不亮", communityId: Site.CommunityId))) + "]", now),
            "empty batch" => Signed(partner, "[]", now),
            "not JSON" => Signed(partner, "{\"partnerRef\":", now),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
        };

        using var response = await Site.App.Http.SendAsync(request);
        var problem = await ApiClient.ProblemAsync(response);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Empty(await Site.StoredRequestsAsync(r => r.PartnerId == partner.Id || r.PartnerRef?.StartsWith(reference, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task AfterRotationTheOldSecretIsRefusedAndTheNewOneWorks()
    {
        var partner = await RegisterAsync();
        using var before = await PostAsync(partner, Item("rot-1", "垃圾分类点位太远", communityId: Site.CommunityId));

        using var rotation = await Site.Admin.PostAsync($"/api/admin/partners/{partner.Id}/secret", new { });
        var rotated = partner with { Secret = Json(await rotation.Content.ReadAsStringAsync()).GetProperty("secret").GetString()! };
        using var withOld = await PostAsync(partner, Item("rot-2", "小区缺少快递柜", communityId: Site.CommunityId));
        using var withNew = await PostAsync(rotated, Item("rot-3", "楼下餐馆油烟直排", communityId: Site.CommunityId));
        using var unknown = await Site.Admin.PostAsync($"/api/admin/partners/nobody-{Unique()}/secret", new { });

        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
        Assert.NotEqual(partner.Secret, rotated.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal("invalid_signature", (await ApiClient.ProblemAsync(withOld)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Accepted, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(["rot-1", "rot-3"], (await Site.StoredRequestsAsync(r => r.PartnerId == partner.Id)).Select(r => r.PartnerRef).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ThePartnerSecretIsNeitherStoredNorListedInPlainText()
    {
        var table = StorageClients.Tables(Site.App.App.Configuration["AzureWebJobsStorage"]!).GetTableClient(PartnerAccount.TableName);
        async Task<string> StoredAsync(string id)
        {
            var entity = (await table.GetEntityAsync<TableEntity>(PartnerAccount.Partition, id)).Value;
            Assert.False(string.IsNullOrEmpty(entity.GetString(nameof(PartnerAccount.ProtectedSecret))));
            return string.Join("\n", entity.Select(p => Convert.ToString(p.Value, CultureInfo.InvariantCulture)));
        }

        var partner = await RegisterAsync();
        var created = await StoredAsync(partner.Id);
        using var rotation = await Site.Admin.PostAsync($"/api/admin/partners/{partner.Id}/secret", new { });
        var rotated = Json(await rotation.Content.ReadAsStringAsync()).GetProperty("secret").GetString()!;
        var afterRotation = await StoredAsync(partner.Id);
        var listed = await Site.Admin.Http.GetStringAsync("/api/admin/partners");

        Assert.True(partner.Secret.Length >= 32 && rotated.Length >= 32, "a secret is too short to be strong");
        Assert.DoesNotContain(partner.Secret, created, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated, afterRotation, StringComparison.Ordinal);
        Assert.DoesNotContain(partner.Secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated, listed, StringComparison.Ordinal);
        Assert.Contains(partner.Id, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisteringAPartnerChecksItsIdAndRefusesATakenOne()
    {
        var partner = await RegisterAsync();
        using var taken = await Site.Admin.PostAsync("/api/admin/partners", new { id = partner.Id, name = "另一个系统" });
        using var bad = await Site.Admin.PostAsync("/api/admin/partners", new { id = "Bad Id!", name = "" });
        var community = await fixture.StaffAsync("community_staff", Site.CommunityId);
        using var notAdmin = await community.Client.PostAsync("/api/admin/partners", new { id = "p-" + Unique(), name = "小程序" });

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("duplicate_id", (await ApiClient.ProblemAsync(taken)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["id", "name"], FieldNames(await ApiClient.ProblemAsync(bad)));
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
    }

    private async Task<Partner> RegisterAsync()
    {
        var id = "p-" + Unique();
        using var response = await Site.Admin.PostAsync("/api/admin/partners", new { id, name = "12345 热线 " + id });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return new Partner(id, Json(text).GetProperty("secret").GetString()!);
    }

    private async Task<HttpResponseMessage> PostAsync(Partner partner, string body)
    {
        using var request = Signed(partner, body, DateTimeOffset.UtcNow);
        return await Site.App.Http.SendAsync(request);
    }
}
