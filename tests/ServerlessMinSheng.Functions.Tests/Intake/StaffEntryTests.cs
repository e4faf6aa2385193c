using System.Net;
using System.Text.Json;
using ServerlessMinSheng.Functions.Intake;
using static ServerlessMinSheng.Functions.Tests.Intake.IntakeTestData;

namespace ServerlessMinSheng.Functions.Tests.Intake;

/// <summary>Staff record requests taken by phone, at a door-to-door visit or a residents' meeting, within their own area.</summary>
public class StaffEntryTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private IntakeTestApp Site => fixture.Site;

    [Theory]
    [InlineData("phone", Channel.Phone, "电话受理")]
    [InlineData("visit", Channel.Visit, "入户走访")]
    [InlineData("meeting", Channel.Meeting, "居民议事会")]
    public async Task CommunityStaffRecordARequestForTheirCommunityWithItsChannel(string channel, Channel stored, string label)
    {
        var staff = await fixture.StaffAsync("community_staff", Site.CommunityId);

        using var response = await staff.Client.PostAsync("/api/staff/requests", Entry(channel, "老旧小区加装电梯", "居民反映6号楼没有电梯，老人上下楼困难。联系人电话13912345678", phone: "139 1234 5678"));
        var code = Json(await response.Content.ReadAsStringAsync()).GetProperty("trackingCode").GetString()!;
        await Site.WaitForTriageAsync(code);
        var detail = await staff.Client.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}");
        var tracked = await staff.Client.GetJsonAsync<JsonElement>($"/api/requests/{code}");
        var queued = (await Site.TriageQueueAsync(Site.CommunityId, code)).Single(i => i.GetProperty("code").GetString() == code);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal((channel, label), (detail.GetProperty("channel").GetString(), detail.GetProperty("channelLabel").GetString()));
        Assert.Equal(staff.Username, detail.GetProperty("enteredBy").GetString());
        Assert.Equal(Site.CommunityId, detail.GetProperty("communityId").GetString());
        Assert.Equal("13912345678", detail.GetProperty("phone").GetString());
        Assert.Equal(channel, tracked.GetProperty("channel").GetString());
        Assert.Equal(label, tracked.GetProperty("timeline")[0].GetProperty("detail").GetString());
        Assert.DoesNotContain("13912345678", tracked.ToString(), StringComparison.Ordinal);
        Assert.Equal(channel, queued.GetProperty("channel").GetString());
        var request = Assert.Single(await Site.StoredRequestsAsync(r => r.Code == code));
        Assert.Equal((stored, staff.Username), (request.Channel, request.EnteredBy));
    }

    [Fact]
    public async Task CommunityStaffCannotRecordForAnotherCommunity()
    {
        var staff = await fixture.StaffAsync("community_staff", Site.CommunityId);
        var marker = Unique();

        using var response = await staff.Client.PostAsync("/api/staff/requests", Entry("phone", "东里社区路灯" + marker, "东里社区路灯坏了", communityId: Site.OtherCommunityId));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("out_of_scope", (await ApiClient.ProblemAsync(response)).GetProperty("code").GetString());
        Assert.Empty(await Site.StoredRequestsAsync(r => r.Title.Contains(marker, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TownStaffRecordForTheCommunitiesOfTheirTownOnly()
    {
        var otherTown = await Identity.IdentityTestApp.CreateAsync(Site.Admin, "/api/admin/towns", new { name = "测试镇" + Unique() });
        var elsewhere = await Site.NewCommunityAsync(otherTown);
        var staff = await fixture.StaffAsync("town_staff", Site.TownId);
        var marker = Unique();

        using var own = await staff.Client.PostAsync("/api/staff/requests", Entry("meeting", "议事会意见" + marker, "居民议事会上大家希望增加休息座椅", communityId: Site.OtherCommunityId));
        using var other = await staff.Client.PostAsync("/api/staff/requests", Entry("meeting", "议事会意见" + marker, "居民议事会上大家希望增加休息座椅", communityId: elsewhere));

        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal([Site.OtherCommunityId], (await Site.StoredRequestsAsync(r => r.Title.Contains(marker, StringComparison.Ordinal))).Select(r => r.CommunityId));
    }

    [Fact]
    public async Task AnAnonymousCallerOrARoleWithoutIntakeIsRefused()
    {
        var marker = Unique();
        using var anonymous = new ApiClient(Site.App.Address);
        var observer = await fixture.StaffAsync("observer", null);

        using var fromAnonymous = await anonymous.PostAsync("/api/staff/requests", Entry("phone", "匿名代录" + marker, "不应保存"));
        using var fromObserver = await observer.Client.PostAsync("/api/staff/requests", Entry("phone", "观察员代录" + marker, "不应保存"));

        Assert.Equal(HttpStatusCode.Unauthorized, fromAnonymous.StatusCode);
        Assert.Equal("unauthenticated", (await ApiClient.ProblemAsync(fromAnonymous)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, fromObserver.StatusCode);
        Assert.Empty(await Site.StoredRequestsAsync(r => r.Title.Contains(marker, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("missing title", "title")]
    [InlineData("title over 100 characters", "title")]
    [InlineData("missing description", "description")]
    [InlineData("unknown channel", "channel")]
    [InlineData("no channel", "channel")]
    [InlineData("a resident's channel", "channel")]
    [InlineData("a partner's channel", "channel")]
    [InlineData("unknown community", "communityId")]
    [InlineData("no community", "communityId")]
    [InlineData("bad phone number", "phone")]
    public async Task BadInputIsRefusedNamingTheFieldAndNothingIsStored(string fault, string field)
    {
        var staff = await fixture.StaffAsync("community_staff", Site.CommunityId);
        var (title, description) = ("楼道灯" + Unique(), "楼道灯坏了" + Unique());
        var entry = fault switch
        {
            "missing title" => Entry("phone", "  ", description),
            "title over 100 characters" => Entry("phone", new string('题', 101), description),
            "missing description" => Entry("phone", title, string.Empty),
            "unknown channel" => Entry("fax", title, description),
            "no channel" => Entry(null, title, description),
            "a resident's channel" => Entry("web", title, description),
            "a partner's channel" => Entry("partner", title, description),
            "unknown community" => Entry("phone", title, description, communityId: "cnothere"),
            "no community" => Entry("phone", title, description, communityId: string.Empty),
            "bad phone number" => Entry("phone", title, description, phone: "12345"),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
        };

        using var response = await staff.Client.PostAsync("/api/staff/requests", entry);
        var problem = await ApiClient.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation", problem.GetProperty("code").GetString());
        Assert.Equal([field], FieldNames(problem));
        Assert.Empty(await Site.StoredRequestsAsync(r => r.Title == title || r.Description == description));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyFromOneStaffMemberIsOneRequest()
    {
        var staff = await fixture.StaffAsync("community_staff", Site.CommunityId);
        var marker = Unique();

        using var first = await staff.Client.PostAsync("/api/staff/requests", Entry("visit", "独居老人" + marker, "走访发现独居老人需要助餐服务", key: "visit-" + marker));
        using var again = await staff.Client.PostAsync("/api/staff/requests", Entry("visit", "独居老人" + marker, "走访发现独居老人需要助餐服务", key: "visit-" + marker));

        Assert.Equal(
            Json(await first.Content.ReadAsStringAsync()).GetProperty("trackingCode").GetString(),
            Json(await again.Content.ReadAsStringAsync()).GetProperty("trackingCode").GetString());
        Assert.Single(await Site.StoredRequestsAsync(r => r.Title.Contains(marker, StringComparison.Ordinal)));
    }

    private object Entry(string? channel, string title, string description, string? communityId = null, string? phone = null, string? key = null) =>
        new { channel, title, description, communityId = communityId ?? Site.CommunityId, phone, isPublic = true, idempotencyKey = key };
}
