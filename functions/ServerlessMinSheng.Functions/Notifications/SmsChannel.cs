using Microsoft.Extensions.Options;
using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>Settings under <c>Notifications:Sms</c>.</summary>
public sealed class SmsOptions : MessageGatewayOptions
{
    /// <summary>The approved signature the provider puts in front of every text (短信签名), e.g. 亦庄镇民生服务.</summary>
    public string? SignName { get; set; }

    protected override IEnumerable<(string Name, string? Value)> Required() => [.. base.Required(), (nameof(SignName), SignName)];
}

/// <summary>What the SMS gateway receives: the provider's template filled with the tracking code and what happened.</summary>
public sealed record SmsMessage(string SignName, string TemplateId, string PhoneNumber, IReadOnlyDictionary<string, string> TemplateParams, string OutId);

/// <summary>
/// Texts the call-back number a resident left. The number is stored encrypted and decrypted here, at sending
/// time, into the gateway's request body only: never into a notice, an error or a log.
/// </summary>
public sealed class SmsChannel(IOptions<SmsOptions> options, RequestStore requests, ContactProtector contacts, IHttpClientFactory http, TimeProvider time)
    : MessageGatewayChannel(http, time)
{
    public override string Name => Notification.Sms;

    protected override MessageGatewayOptions Options => options.Value;

    protected override bool CanReach(ResidentRequest request) => request.ProtectedContact is not null;

    protected override async Task<object?> PayloadAsync(Notification notice, string text, CancellationToken cancellationToken)
    {
        var request = notice.TrackingCode is null ? null : await requests.FindAsync(notice.TrackingCode, cancellationToken);
        if (contacts.Unprotect(request?.ProtectedContact) is not { } phone)
        {
            return null;
        }

        var settings = options.Value;
        return new SmsMessage(
            settings.SignName!,
            settings.TemplateId!,
            phone,
            new Dictionary<string, string> { ["code"] = TrackingCode.Display(request!.Code), ["event"] = text },
            notice.EventId);
    }
}
