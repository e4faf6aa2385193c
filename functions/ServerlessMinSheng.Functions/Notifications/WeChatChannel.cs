using Microsoft.Extensions.Options;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>Settings under <c>Notifications:WeChat</c>.</summary>
public sealed class WeChatOptions : MessageGatewayOptions
{
    /// <summary>The official account's AppID.</summary>
    public string? AppId { get; set; }

    /// <summary>The partner system (see <c>/admin/partners</c>) that is this WeChat account: only its requests have a follower to write to.</summary>
    public string? PartnerId { get; set; }

    protected override IEnumerable<(string Name, string? Value)> Required() => [.. base.Required(), (nameof(AppId), AppId), (nameof(PartnerId), PartnerId)];
}

public sealed record WeChatValue(string Value);

/// <summary>
/// What the WeChat gateway receives: a template message in WeChat's shape, addressed by the account's own
/// reference for the request (<c>partnerRef</c>); the gateway — the account's back end — knows which follower
/// sent it and holds the access token.
/// </summary>
public sealed record WeChatTemplateMessage(string AppId, string TemplateId, string PartnerRef, string TrackingCode, IReadOnlyDictionary<string, WeChatValue> Data);

/// <summary>
/// WeChat template messages to residents who wrote in through the WeChat account. We hold no WeChat identity
/// (no openid) for anyone else, and need none: the account's reference for its request is the address.
/// </summary>
public sealed class WeChatChannel(IOptions<WeChatOptions> options, DeploymentTime local, IHttpClientFactory http, TimeProvider time)
    : MessageGatewayChannel(http, time)
{
    private const int RemarkLength = 200;

    public override string Name => Notification.WeChat;

    protected override MessageGatewayOptions Options => options.Value;

    protected override bool CanReach(ResidentRequest request) =>
        request.Channel == Channel.Partner && request.PartnerId == options.Value.PartnerId && request.PartnerRef is not null;

    protected override Task<object?> PayloadAsync(Notification notice, string text, CancellationToken cancellationToken)
    {
        if (notice.PartnerRef is null || notice.TrackingCode is null)
        {
            return Task.FromResult<object?>(null);
        }

        var remark = notice.Body is { Length: > RemarkLength } body ? body[..RemarkLength] + "…" : notice.Body ?? string.Empty;
        var settings = options.Value;
        return Task.FromResult<object?>(new WeChatTemplateMessage(settings.AppId!, settings.TemplateId!, notice.PartnerRef, notice.TrackingCode, new Dictionary<string, WeChatValue>
        {
            ["first"] = new(notice.Title),
            ["keyword1"] = new(TrackingCode.Display(notice.TrackingCode)),
            ["keyword2"] = new(text),
            ["keyword3"] = new(local.Local(notice.At).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            ["remark"] = new(remark),
        }));
    }
}
