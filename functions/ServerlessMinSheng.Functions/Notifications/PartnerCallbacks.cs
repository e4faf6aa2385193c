using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ServerlessMinSheng.Functions.Partners;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>What a partner system receives: the request's new status, so its operator can call the resident back.</summary>
public sealed record PartnerCallbackBody(
    string EventId, string TrackingCode, string? PartnerRef, string Status, string? StatusLabel, string Action, string Title, string? Detail, DateTimeOffset At);

/// <summary>
/// A signed callback to the partner system a request came from, with the same timestamp and signature
/// scheme as the partner's own calls (signed with its secret), and the event's id in
/// <c>X-MinSheng-Event-Id</c> to discard the rare repeat (a crash between its 2xx and our record).
/// </summary>
public sealed class PartnerCallbackChannel(PartnerStore partners, IHttpClientFactory http, TimeProvider time) : INotificationChannel
{
    public const string HttpClientName = "partner-callbacks";
    public const string EventIdHeader = "X-MinSheng-Event-Id";

    public string Name => Notification.PartnerCallback;

    public async Task<bool> DeliverAsync(Notification notice, CancellationToken cancellationToken)
    {
        var partner = notice.PartnerId is null ? null : await partners.FindAsync(notice.PartnerId, cancellationToken);
        if (partner?.CallbackUrl is not { } url)
        {
            return false; // The partner has no callback address (or is gone).
        }

        var body = Encoding.UTF8.GetBytes(NotificationOutbox.Serialize(new PartnerCallbackBody(
            notice.EventId, notice.TrackingCode ?? string.Empty, notice.PartnerRef, notice.Status ?? string.Empty, notice.StatusLabel, notice.Action, notice.Title, notice.Body, notice.At)));
        using var callback = SignedPost(url, body, partners.SecretOf(partner), notice.EventId, time);
        using var response = await http.CreateClient(HttpClientName).SendAsync(callback, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DeliveryRefusedException($"{(int)response.StatusCode} from {new Uri(url).Host}");
        }

        return true;
    }

    /// <summary>A JSON POST signed as partners sign their calls: HMAC-SHA256 of <c>timestamp + "\n" + body</c> with <paramref name="secret"/>.</summary>
    public static HttpRequestMessage SignedPost(string url, byte[] body, string secret, string eventId, TimeProvider time)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        post.Headers.Add(PartnerSignature.TimestampHeader, timestamp);
        post.Headers.Add(PartnerSignature.SignatureHeader, PartnerSignature.Sign(secret, timestamp, body));
        post.Headers.Add(EventIdHeader, eventId);
        return post;
    }
}
