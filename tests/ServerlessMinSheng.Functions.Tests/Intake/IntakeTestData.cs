using ServerlessMinSheng.Functions.Storage;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Tests.Identity;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Tests.Intake;

/// <summary>
/// One app (an admin, a town with two communities) shared by the tests of a class, because starting an
/// app costs seconds, and so is a staff account (hashing its password on creation and sign-in is slow
/// by design). Tests stay independent by counting only what they made: a marker in the text, their own
/// partner, community or file.
/// </summary>
public sealed class IntakeFixture : IAsyncLifetime
{
    private readonly Dictionary<(string Role, string? Scope), StaffUser> _staff = [];
    private IntakeTestApp? _site;

    internal IntakeTestApp Site => _site ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A signed-in staff member with this role and scope, made on first use; the fixture disposes it.</summary>
    internal async Task<StaffUser> StaffAsync(string role, string? scopeId)
    {
        if (!_staff.TryGetValue((role, scopeId), out var staff))
        {
            _staff[(role, scopeId)] = staff = await Site.NewStaffAsync(role, scopeId);
        }

        return staff;
    }

    public async Task InitializeAsync() => _site = await IntakeTestApp.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var staff in _staff.Values)
        {
            staff.Dispose();
        }

        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }
}

internal static class IntakeTestData
{
    public const string StaffPassword = "社区工作人员的密码123";

    /// <summary>A short unique token for ids, names and text, so a test finds exactly what it made.</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>The stored requests that match, read straight from Table Storage rather than through the API under test.</summary>
    public static async Task<List<ResidentRequest>> StoredRequestsAsync(this IntakeTestApp site, Func<ResidentRequest, bool> where)
    {
        var table = StorageClients.Tables(site.App.App.Configuration["AzureWebJobsStorage"]!).GetTableClient(ResidentRequest.TableName);
        await table.CreateIfNotExistsAsync();
        return (await table.QueryAsync<ResidentRequest>().ToListAsync()).Where(where).ToList();
    }

    /// <summary>A new community in the site's town (or <paramref name="townId"/>), for a test that counts everything in one community.</summary>
    public static Task<string> NewCommunityAsync(this IntakeTestApp site, string? townId = null) =>
        IdentityTestApp.CreateAsync(site.Admin, "/api/admin/communities", new { name = "测试社区" + Unique(), townId = townId ?? site.TownId });

    /// <summary>A new staff account with a unique name, signed in.</summary>
    public static async Task<StaffUser> NewStaffAsync(this IntakeTestApp site, string role, string? scopeId)
    {
        var username = $"staff.{Unique()}";
        await AuthorizationTests.CreateUserAsync(site.Admin, username, role, scopeId);
        return new StaffUser(await ApiClient.SignedInAsync(site.App, username, StaffPassword), username);
    }

    /// <summary>
    /// The staff triage queue of one community once it lists every one of <paramref name="codes"/>
    /// (a request joins it just after its status turns "triaged").
    /// </summary>
    public static async Task<List<JsonElement>> TriageQueueAsync(this IntakeTestApp site, string communityId, params string[] codes) =>
        await Eventually.ReturnsAsync(
            async () => (await site.Admin.GetJsonAsync<JsonElement>($"/api/triage?communityId={communityId}")).GetProperty("items").EnumerateArray().ToList(),
            items => codes.All(c => items.Any(i => i.GetProperty("code").GetString() == c)),
            $"{string.Join(", ", codes)} in the triage queue of {communityId}");

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    public static IReadOnlyList<string> FieldNames(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
}

internal sealed record StaffUser(ApiClient Client, string Username) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

internal sealed record Partner(string Id, string Secret);

/// <summary>Webhook calls as a partner system makes them, signed here by the documented rule rather than with the app's code.</summary>
internal static class PartnerCalls
{
    /// <summary>Chinese written as UTF-8, not \u escapes, so the signature covers multi-byte text as real partners send it.</summary>
    private static readonly JsonSerializerOptions PartnerJson = new(JsonSerializerOptions.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Item(string? partnerRef, string description, string? title = null, string? communityId = null, string? community = null, string? phone = null) =>
        JsonSerializer.Serialize(new { partnerRef, title, description, communityId, community, phone, isPublic = true }, PartnerJson);

    public static string UnixSeconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static HttpRequestMessage Signed(Partner partner, string body, DateTimeOffset at, string? sendBody = null, string? signature = null, bool withTimestamp = true) =>
        Signed(partner.Id, partner.Secret, body, UnixSeconds(at), sendBody, signature, withTimestamp);

    /// <summary>
    /// POST /api/partners/{id}/requests with X-MinSheng-Timestamp and X-MinSheng-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "\n" + body));
    /// <paramref name="sendBody"/> sends other bytes than were signed, an empty <paramref name="signature"/> leaves the header out.
    /// </summary>
    public static HttpRequestMessage Signed(string partnerId, string secret, string body, string timestamp, string? sendBody = null, string? signature = null, bool withTimestamp = true)
    {
        signature ??= "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + body)));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/partners/{partnerId}/requests")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(sendBody ?? body)) { Headers = { { "Content-Type", "application/json" } } },
        };
        if (withTimestamp)
        {
            request.Headers.Add("X-MinSheng-Timestamp", timestamp);
        }

        if (signature.Length > 0)
        {
            request.Headers.Add("X-MinSheng-Signature", signature);
        }

        return request;
    }
}

/// <summary>Survey files built in memory: encodings, a workbook, and things that are not surveys.</summary>
internal static class SurveyFiles
{
    /// <summary>The id the app gives an upload: the start of the file's SHA-256, so the same file is the same import.</summary>
    public static string ImportIdOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];

    public static byte[] Utf8WithBom(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];

    public static Encoding Gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    public static byte[] Padded(byte[] start, int length)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill((byte)' ');
        start.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>The signature and header of a 1×1 PNG: binary, with NUL bytes, as any picture starts.</summary>
    public static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
        0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
        0x42, 0x60, 0x82,
    ];

    /// <summary>
    /// A minimal workbook as Excel writes one: the sheet found through the workbook's relationships, text
    /// in shared strings (header) and inline strings (other rows), numbers as numbers, and only the rows
    /// and cells that have values (so row numbers and cell references have gaps).
    /// </summary>
    public static byte[] Xlsx(string sheetName, IReadOnlyList<(int Row, object?[] Cells)> rows)
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var shared = rows[0].Cells.Select(c => (string)c!).ToList();
        var sheet = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{main}"><sheetData>""");
        foreach (var (row, cells) in rows)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"""<row r="{row}">""");
            for (var i = 0; i < cells.Length; i++)
            {
                var reference = $"{(char)('A' + i)}{row}";
                sheet.Append(cells[i] switch
                {
                    null => string.Empty,
                    string text when row == rows[0].Row => $"""<c r="{reference}" t="s"><v>{shared.IndexOf(text)}</v></c>""",
                    string text => $"""<c r="{reference}" t="inlineStr"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>""",
                    long number => $"""<c r="{reference}"><v>{number.ToString(CultureInfo.InvariantCulture)}</v></c>""",
                    var other => throw new ArgumentException($"Unsupported cell {other}", nameof(rows)),
                });
            }

            sheet.Append("</row>");
        }

        sheet.Append("</sheetData></worksheet>");
        var files = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/survey.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""",
            ["_rels/.rels"] = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
            ["xl/workbook.xml"] = $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheetName}" sheetId="1" r:id="rId7"/></sheets></workbook>""",
            ["xl/_rels/workbook.xml.rels"] = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/survey.xml"/></Relationships>""",
            ["xl/sharedStrings.xml"] = $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{main}" count="{shared.Count}" uniqueCount="{shared.Count}">{string.Concat(shared.Select(s => $"<si><t>{s}</t></si>"))}</sst>""",
            ["xl/worksheets/survey.xml"] = sheet.ToString(),
        };

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var entry = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
