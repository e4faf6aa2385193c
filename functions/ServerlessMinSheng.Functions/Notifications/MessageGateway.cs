using Microsoft.Extensions.Options;
using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>
/// Settings of a resident channel (<c>Notifications:Sms</c>, <c>Notifications:WeChat</c>). Off by default; when on,
/// every message is a signed JSON POST to <see cref="Endpoint"/>: the deployment's gateway to the SMS provider or to
/// WeChat's template-message API, which holds the provider's own credentials.
/// </summary>
public abstract class MessageGatewayOptions
{
    public bool Enabled { get; set; }

    /// <summary>Absolute http(s) URL of the gateway.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The template registered with the provider (SMS templates and WeChat templates are approved in advance).</summary>
    public string? TemplateId { get; set; }

    /// <summary>Signs each POST (HMAC-SHA256, the partner scheme); from Key Vault in production.</summary>
    public string? Secret { get; set; }

    /// <summary>What is missing or wrong when the channel is on; nothing when it is off.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            yield return "Endpoint must be an absolute http(s) URL";
        }

        foreach (var (name, value) in Required())
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{name} is required";
            }
        }
    }

    protected virtual IEnumerable<(string Name, string? Value)> Required() => [(nameof(TemplateId), TemplateId), (nameof(Secret), Secret)];
}

/// <summary>Stops the app at start-up when a channel is switched on without what it needs, naming the setting.</summary>
public sealed class MessageGatewayValidation<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : MessageGatewayOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail($"{section}: {string.Join("; ", problems)}.");
    }
}

/// <summary>
/// A resident channel that posts to an HTTP gateway: signed like partner callbacks (with the channel's secret),
/// the notice's event id in <c>X-MinSheng-Event-Id</c> so the gateway can drop a repeat, and a non-2xx answer
/// thrown so the queue retries. Nothing in an error or a log names the recipient.
/// </summary>
public abstract class MessageGatewayChannel(IHttpClientFactory http, TimeProvider time) : IResidentMessageChannel
{
    public const string HttpClientName = "message-gateways";

    public abstract string Name { get; }

    public bool Enabled => Options.Enabled;

    protected abstract MessageGatewayOptions Options { get; }

    public Notification? NoticeFor(Notification source, ResidentRequest request) =>
        Enabled && ResidentMessages.TextOf(source) is not null && CanReach(request) ? ResidentMessages.For(source, Name, request) : null;

    public async Task<bool> DeliverAsync(Notification notice, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return false; // Switched off since the notice was made.
        }

        var payload = await PayloadAsync(notice, ResidentMessages.TextOf(notice) ?? notice.Title, cancellationToken);
        if (payload is null)
        {
            return false;
        }

        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), System.Text.Json.JsonSerializerOptions.Web);
        using var post = PartnerCallbackChannel.SignedPost(Options.Endpoint!, body, Options.Secret!, notice.EventId, time);
        using var response = await http.CreateClient(HttpClientName).SendAsync(post, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DeliveryRefusedException($"{(int)response.StatusCode} from {new Uri(Options.Endpoint!).Host}");
        }

        return true;
    }

    /// <summary>Whether this channel has a way to the request's resident (checked when the notice is made, without reading secrets).</summary>
    protected abstract bool CanReach(ResidentRequest request);

    /// <summary>The gateway's JSON for one notice, or null when the resident cannot be reached after all.</summary>
    protected abstract Task<object?> PayloadAsync(Notification notice, string text, CancellationToken cancellationToken);
}
