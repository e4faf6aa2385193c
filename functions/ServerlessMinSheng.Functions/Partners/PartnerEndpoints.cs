using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Partners;

/// <summary>One request as a partner posts it; <see cref="PartnerRef"/> is the partner's own id and makes the call idempotent.</summary>
public sealed record PartnerRequestInput(
    string? PartnerRef, string? Title, string? Description, string? CommunityId, string? Community, string? Address, string? Phone, bool? IsPublic, DateTimeOffset? ReceivedAt);

public sealed record PartnerItemResult(int Index, string? PartnerRef, string? TrackingCode, string? DisplayCode, string Status, IReadOnlyDictionary<string, string[]>? Errors);

public sealed record PartnerBatchResult(IReadOnlyList<PartnerItemResult> Results);

public sealed record PartnerView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset SecretRotatedAt, string? CallbackUrl = null);

public sealed record CallbackInput(string? CallbackUrl);

public sealed record PartnerSecretView(string Id, string Name, string Secret);

public sealed record PartnerInput(string? Id, string? Name);

/// <summary>
/// The webhook partner systems post requests to (one, or a batch of up to 100), signed with HMAC-SHA256;
/// and, for the district admin, registering partners and rotating their secrets.
/// </summary>
public static class PartnerEndpoints
{
    public const int MaxBatch = 100;

    public static IEndpointRouteBuilder MapPartners(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/partners/{partnerId}/requests", PostPartnerRequests).WithName(nameof(PostPartnerRequests))
            .AllowAnonymous().DisableAntiforgery().WithRequestSizeLimit(2 * 1024 * 1024);
        var admin = app.MapGroup("/api/admin/partners").RequireCapability(Capability.ManagePartners);
        admin.MapGet("/", GetPartners).WithName(nameof(GetPartners));
        admin.MapPost("/", CreatePartner).WithName(nameof(CreatePartner));
        admin.MapPost("/{id}/secret", RotatePartnerSecret).WithName(nameof(RotatePartnerSecret));
        admin.MapPut("/{id}/callback", SetPartnerCallback).WithName(nameof(SetPartnerCallback));
        return app;
    }

    public static async Task<Results<Ok<PartnerBatchResult>, Accepted<PartnerItemResult>, Ok<PartnerItemResult>, ValidationProblem, ProblemHttpResult>> PostPartnerRequests(
        string partnerId, HttpRequest request, PartnerStore partners, PartnerIntake intake, TimeProvider time, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var partner = await partners.FindAsync(partnerId, cancellationToken);
        var verdict = PartnerSignature.Check(
            partner is null ? null : partners.SecretOf(partner),
            request.Headers[PartnerSignature.TimestampHeader],
            request.Headers[PartnerSignature.SignatureHeader],
            body,
            time.GetUtcNow());
        switch (verdict)
        {
            case PartnerSignature.Verdict.Invalid:
                return Problems.Of(401, "invalid_signature", "签名无效", $"Unknown partner or wrong signature. Sign timestamp + \"\\n\" + body with HMAC-SHA256 and send {PartnerSignature.TimestampHeader} and {PartnerSignature.SignatureHeader}.");
            case PartnerSignature.Verdict.Stale:
                return Problems.Of(401, "stale_timestamp", "请求时间戳已过期", "The timestamp is more than 5 minutes from the server's clock.");
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException ex)
        {
            return Problems.Of(400, "bad_request", "请求格式不正确", $"The body is not valid JSON: {ex.Message}");
        }

        if (root.ValueKind == JsonValueKind.Array)
        {
            var count = root.GetArrayLength();
            if (count is 0 or > MaxBatch)
            {
                return Problems.Of(400, "bad_batch", $"一批应包含 1 到 {MaxBatch} 条诉求", $"The batch has {count} items.");
            }

            var items = root.EnumerateArray().Select(Read).ToList();
            return TypedResults.Ok(new PartnerBatchResult(await intake.SubmitAsync(partner!.RowKey, items, cancellationToken)));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Problems.Of(400, "bad_request", "请求格式不正确", "Post one request object or an array of them.");
        }

        var result = (await intake.SubmitAsync(partner!.RowKey, [Read(root)], cancellationToken))[0];
        return result.Status switch
        {
            "created" => TypedResults.Accepted($"/track/{result.TrackingCode}", result),
            "existing" => TypedResults.Ok(result),
            _ => TypedResults.ValidationProblem(result.Errors!, title: "输入有误，请检查标出的字段", extensions: new Dictionary<string, object?> { ["code"] = "validation" }),
        };
    }

    public static async Task<Ok<IReadOnlyList<PartnerView>>> GetPartners(PartnerStore partners, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<PartnerView>>((await partners.ListAsync(cancellationToken)).Select(p => new PartnerView(p.RowKey, p.Name, p.CreatedAt, p.SecretRotatedAt, p.CallbackUrl)).ToList());

    /// <summary>Sets (or, with null, removes) the address the partner's requests' status changes are posted to.</summary>
    public static async Task<Results<Ok<PartnerView>, ValidationProblem, ProblemHttpResult>> SetPartnerCallback(
        string id, CallbackInput input, PartnerStore partners, IHostEnvironment environment, CancellationToken cancellationToken)
    {
        var url = string.IsNullOrWhiteSpace(input.CallbackUrl) ? null : input.CallbackUrl.Trim();
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || environment.IsDevelopment())))))
        {
            return new Validation().Add("callbackUrl", "回调地址应为 https:// 开头的完整网址").ToProblem();
        }

        var partner = await partners.FindAsync(id, cancellationToken);
        if (partner is null)
        {
            return Problems.Of(404, "not_found", "没有这个合作系统");
        }

        await partners.SetCallbackAsync(partner, url, cancellationToken);
        return TypedResults.Ok(new PartnerView(partner.RowKey, partner.Name, partner.CreatedAt, partner.SecretRotatedAt, partner.CallbackUrl));
    }

    public static async Task<Results<Created<PartnerSecretView>, ValidationProblem, ProblemHttpResult>> CreatePartner(PartnerInput input, PartnerStore partners, CancellationToken cancellationToken)
    {
        var validation = new Validation().Require("name", input.Name, "名称", 50);
        if (!PartnerIds.IsValid(input.Id))
        {
            validation.Add("id", "标识为 2–32 位小写字母、数字或连字符，如 hotline-12345");
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var secret = await partners.CreateAsync(input.Id!, input.Name!.Trim(), cancellationToken);
        return secret is null
            ? Problems.Of(409, "duplicate_id", "该标识已被使用")
            : TypedResults.Created($"/api/admin/partners/{input.Id}", new PartnerSecretView(input.Id!, input.Name!.Trim(), secret));
    }

    public static async Task<Results<Ok<PartnerSecretView>, ProblemHttpResult>> RotatePartnerSecret(string id, PartnerStore partners, CancellationToken cancellationToken)
    {
        var partner = await partners.FindAsync(id, cancellationToken);
        if (partner is null)
        {
            return Problems.Of(404, "not_found", "没有这个合作系统");
        }

        return TypedResults.Ok(new PartnerSecretView(partner.RowKey, partner.Name, await partners.RotateAsync(partner, cancellationToken)));
    }

    private static PartnerRequestInput? Read(JsonElement element)
    {
        try
        {
            return element.ValueKind == JsonValueKind.Object ? element.Deserialize<PartnerRequestInput>(JsonSerializerOptions.Web) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
