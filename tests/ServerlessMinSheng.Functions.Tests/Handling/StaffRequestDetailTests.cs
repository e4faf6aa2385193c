using System.Net;
using System.Text.Json;
using ServerlessMinSheng.Functions.Tests.Identity;
using ServerlessMinSheng.Functions.Tests.Intake;

namespace ServerlessMinSheng.Functions.Tests.Handling;

/// <summary>GET /api/staff/requests/{code}: reviewers in the request's area and the unit it is dispatched to read it; nobody else.</summary>
public class StaffRequestDetailTests
{
    private const string Password = "社区工作人员的密码123";
    private const string Phone = "13800138000";
    private const string Plate = "京A12345";

    [Fact]
    public async Task TheDepartmentARequestIsDispatchedToReadsItsFullTextAndHistoryButNotThePhone()
    {
        await using var site = await IntakeTestApp.StartAsync();
        var code = await DispatchedToDepartmentAsync(site, "城管执法队");
        using var worker = await ApiClient.SignedInAsync(site.App, "chengguan1", Password);
        using (var sign = await worker.PostAsync($"/api/staff/requests/{code}/actions/sign", new { version = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, sign.StatusCode);
        }

        using var response = await worker.GetAsync($"/api/staff/requests/{code}");
        var text = await response.Content.ReadAsStringAsync();
        using var review = await worker.PostAsync($"/api/staff/requests/{code}/review", new { theme = "平安", department = "城乡建设", grade = "C" });
        var tracked = await site.Admin.GetJsonAsync<JsonElement>($"/api/requests/{code}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var detail = JsonDocument.Parse(text).RootElement;
        Assert.Contains(Plate, detail.GetProperty("description").GetString());
        Assert.DoesNotContain(Plate, tracked.GetProperty("description").GetString()); // What the public sees is redacted.
        Assert.Equal(["dispatch", "sign"], detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Contains("城管执法队", detail.GetProperty("history")[0].GetProperty("note").GetString());
        Assert.Equal(["received", "triaged", "dispatch", "sign"], detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("phone").ValueKind);
        Assert.True(detail.GetProperty("contactHidden").GetBoolean());
        Assert.False(detail.GetProperty("canReview").GetBoolean());
        Assert.DoesNotContain(Phone, text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, review.StatusCode); // Reading it is not correcting its triage.
    }

    [Fact]
    public async Task AnotherDepartmentAndACommunityWorkerOutsideTheAreaAreRefusedWithAProblemWhileTheAreasReviewerSeesThePhone()
    {
        await using var site = await IntakeTestApp.StartAsync();
        var code = await DispatchedToDepartmentAsync(site, "城管执法队");
        var other = await IdentityTestApp.CreateAsync(site.Admin, "/api/admin/departments", new { name = "园林绿化局" });
        await AuthorizationTests.CreateUserAsync(site.Admin, "yuanlin1", "department_staff", other);
        await AuthorizationTests.CreateUserAsync(site.Admin, "dongli1", "community_staff", site.OtherCommunityId);
        await AuthorizationTests.CreateUserAsync(site.Admin, "chaolin1", "community_staff", site.CommunityId);
        using var otherDepartment = await ApiClient.SignedInAsync(site.App, "yuanlin1", Password);
        using var outsider = await ApiClient.SignedInAsync(site.App, "dongli1", Password);
        using var reviewer = await ApiClient.SignedInAsync(site.App, "chaolin1", Password);

        using var departmentRead = await otherDepartment.GetAsync($"/api/staff/requests/{code}");
        using var outsiderRead = await outsider.GetAsync($"/api/staff/requests/{code}");
        var reviewed = await reviewer.GetJsonAsync<JsonElement>($"/api/staff/requests/{code}");

        foreach (var refused in new[] { departmentRead, outsiderRead })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await ApiClient.ProblemAsync(refused);
            Assert.Equal("out_of_scope", problem.GetProperty("code").GetString());
            Assert.DoesNotContain(Plate, problem.GetRawText());
        }

        Assert.Equal(Phone, reviewed.GetProperty("phone").GetString());
        Assert.False(reviewed.GetProperty("contactHidden").GetBoolean());
        Assert.True(reviewed.GetProperty("canReview").GetBoolean());
        Assert.Equal(["dispatch"], reviewed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
    }

    /// <summary>A request with a phone number and a licence plate (redacted for the public), dispatched to a new department with one worker.</summary>
    private static async Task<string> DispatchedToDepartmentAsync(IntakeTestApp site, string department)
    {
        using var resident = new ApiClient(site.App.Address);
        var code = await site.SubmitAsync(resident, "占道停车", $"车牌{Plate}的货车每天晚上停在朝林社区东门消防通道上，消防车进不来", phone: Phone);
        await site.WaitForTriageAsync(code);
        var unit = await IdentityTestApp.CreateAsync(site.Admin, "/api/admin/departments", new { name = department });
        await AuthorizationTests.CreateUserAsync(site.Admin, "chengguan1", "department_staff", unit);
        using var dispatch = await site.Admin.PostAsync($"/api/staff/requests/{code}/actions/dispatch", new { unitKind = "department", unitId = unit, version = 0 });
        Assert.True(dispatch.StatusCode == HttpStatusCode.OK, await dispatch.Content.ReadAsStringAsync());
        return code;
    }
}
