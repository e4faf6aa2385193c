using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace ServerlessMinSheng.Storage.Queues;

/// <summary>
/// One queue, shaped like the Azure SDK's <c>QueueClient</c>. Message text is base64-encoded on the wire
/// by default (what the Functions queue trigger expects).
/// </summary>
public sealed partial class QueueClient
{
    internal const string ApiVersion = "2025-01-05";

    /// <summary>The most a message may be once encoded; larger payloads belong in a blob.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    public const int MaxMessagesPerReceive = 32;

    public static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromDays(7);

    private readonly StoragePipeline _pipeline;
    private readonly Uri _endpoint;

    public QueueClient(string connectionString, string queueName, StorageClientOptions? options = null)
        : this(QueueServiceClient.CreatePipeline(StorageConnectionString.Parse(connectionString), options), StorageConnectionString.Parse(connectionString).QueueEndpoint, queueName)
    {
    }

    internal QueueClient(StoragePipeline pipeline, Uri endpoint, string queueName)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = ValidateName(queueName);
    }

    public string Name { get; }

    public string AccountName => _pipeline.Credential.AccountName;

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    /// <summary>Creates the queue; returns false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Put, Name, cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync($"Create queue {Name}", cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Created;
    }

    /// <summary>Deletes the queue and its messages; returns false when it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, Name, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await response.EnsureSuccessAsync($"Delete queue {Name}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Adds a message. <paramref name="visibilityTimeout"/> delays it (up to 7 days: a durable timer);
    /// <paramref name="timeToLive"/> defaults to never expiring, so a message is never silently dropped.
    /// </summary>
    public async Task<SendReceipt> SendMessageAsync(string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        CheckVisibility(visibilityTimeout);
        var ttl = timeToLive is null || timeToLive == Timeout.InfiniteTimeSpan ? "-1" : Seconds(timeToLive.Value);
        if (timeToLive is { } t && t != Timeout.InfiniteTimeSpan && (t < TimeSpan.FromSeconds(1) || (visibilityTimeout is { } v && v >= t)))
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "The time to live must be at least 1 s and longer than the visibility delay.");
        }

        var uri = StorageUri.Build(_endpoint, Name + "/messages", ("visibilitytimeout", visibilityTimeout is { } vt ? Seconds(vt) : null), ("messagettl", ttl));
        var request = Request(HttpMethod.Post, uri).WithBody(Envelope(messageText), "application/xml");
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync($"Send message to {Name}", cancellationToken).ConfigureAwait(false);
        var message = (await ReadXmlAsync(response, cancellationToken).ConfigureAwait(false)).Descendants("QueueMessage").Single();
        return new SendReceipt(Text(message, "MessageId"), Text(message, "PopReceipt"), Date(message, "InsertionTime"), Date(message, "ExpirationTime"), Date(message, "TimeNextVisible"));
    }

    /// <summary>Receives up to <paramref name="maxMessages"/> (1–32) messages and hides them for <paramref name="visibilityTimeout"/> (default 30 s).</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int? maxMessages = null, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        CheckCount(maxMessages);
        CheckVisibility(visibilityTimeout);
        if (visibilityTimeout is { } v && v < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), visibilityTimeout, "A received message must stay hidden for at least 1 s.");
        }

        var uri = StorageUri.Build(
            _endpoint,
            Name + "/messages",
            ("numofmessages", maxMessages?.ToString(CultureInfo.InvariantCulture)),
            ("visibilitytimeout", visibilityTimeout is { } vt ? Seconds(vt) : null));
        using var response = await _pipeline.SendAsync(Request(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync($"Receive messages from {Name}", cancellationToken).ConfigureAwait(false);
        var document = await ReadXmlAsync(response, cancellationToken).ConfigureAwait(false);
        return document.Descendants("QueueMessage").Select(m => new QueueMessage(
            Text(m, "MessageId"),
            Text(m, "PopReceipt"),
            Decode(Text(m, "MessageText")),
            long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            Date(m, "InsertionTime"),
            Date(m, "ExpirationTime"),
            Date(m, "TimeNextVisible"))).ToList();
    }

    /// <summary>Looks at up to 32 visible messages without hiding them or counting a dequeue.</summary>
    public async Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int? maxMessages = null, CancellationToken cancellationToken = default)
    {
        CheckCount(maxMessages);
        var uri = StorageUri.Build(_endpoint, Name + "/messages", ("peekonly", "true"), ("numofmessages", maxMessages?.ToString(CultureInfo.InvariantCulture)));
        using var response = await _pipeline.SendAsync(Request(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync($"Peek messages in {Name}", cancellationToken).ConfigureAwait(false);
        var document = await ReadXmlAsync(response, cancellationToken).ConfigureAwait(false);
        return document.Descendants("QueueMessage").Select(m => new PeekedMessage(
            Text(m, "MessageId"),
            Decode(Text(m, "MessageText")),
            long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            Date(m, "InsertionTime"),
            Date(m, "ExpirationTime"))).ToList();
    }

    /// <summary>Changes how long a received message stays hidden (and optionally its text); the old pop receipt stops working.</summary>
    public async Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, string? messageText = null, TimeSpan visibilityTimeout = default, CancellationToken cancellationToken = default)
    {
        CheckVisibility(visibilityTimeout);
        var uri = StorageUri.Build(_endpoint, Name + "/messages/" + Uri.EscapeDataString(messageId), ("popreceipt", popReceipt), ("visibilitytimeout", Seconds(visibilityTimeout)));
        var request = Request(HttpMethod.Put, uri);
        if (messageText is not null)
        {
            request.WithBody(Envelope(messageText), "application/xml");
        }

        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync($"Update message {messageId} in {Name}", cancellationToken).ConfigureAwait(false);
        return new UpdateReceipt(Header(response, "x-ms-popreceipt") ?? string.Empty, ParseDate(Header(response, "x-ms-time-next-visible")));
    }

    /// <summary>Deletes a received message; returns false when it was already gone (deleted, expired, or its receipt is stale).</summary>
    public async Task<bool> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        var uri = StorageUri.Build(_endpoint, Name + "/messages/" + Uri.EscapeDataString(messageId), ("popreceipt", popReceipt));
        using var response = await _pipeline.SendAsync(Request(HttpMethod.Delete, uri), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound || IsPopReceiptMismatch(response))
        {
            return false;
        }

        await response.EnsureSuccessAsync($"Delete message {messageId} from {Name}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static bool IsPopReceiptMismatch(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.BadRequest && Header(response, "x-ms-error-code") == "PopReceiptMismatch";

    public async Task ClearMessagesAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, Name + "/messages", cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync($"Clear queue {Name}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The approximate number of messages, visible or not.</summary>
    public async Task<QueueProperties> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        var uri = StorageUri.Build(_endpoint, Name, ("comp", "metadata"));
        using var response = await _pipeline.SendAsync(Request(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        await response.EnsureSuccessAsync($"Read properties of queue {Name}", cancellationToken).ConfigureAwait(false);
        var count = Header(response, "x-ms-approximate-messages-count");
        return new QueueProperties(count is null ? 0 : int.Parse(count, CultureInfo.InvariantCulture));
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(Request(method, StorageUri.Build(_endpoint, path)), cancellationToken);

    internal static StorageRequest Request(HttpMethod method, Uri uri) => new StorageRequest(method, uri).WithHeader("x-ms-version", ApiVersion);

    private byte[] Envelope(string messageText)
    {
        var encoded = _pipeline.Options.MessageEncoding == QueueMessageEncoding.Base64
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(messageText))
            : messageText;
        if (Encoding.UTF8.GetByteCount(encoded) > MaxMessageBytes)
        {
            throw new ArgumentException(
                $"The message is {Encoding.UTF8.GetByteCount(encoded):N0} bytes once encoded; a queue message holds at most 64 KiB. Put the payload in a blob and send its name.",
                nameof(messageText));
        }

        var element = new XElement("QueueMessage", new XElement("MessageText", encoded));
        return Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
    }

    private string Decode(string raw)
    {
        if (_pipeline.Options.MessageEncoding != QueueMessageEncoding.Base64)
        {
            return raw;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(raw));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"A message in queue {Name} is not base64-encoded text, as this client expects.", ex);
        }
    }

    private static async Task<XDocument> ReadXmlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Text(XElement message, string name) => message.Element(name)?.Value ?? string.Empty;

    private static DateTimeOffset? Date(XElement message, string name) => ParseDate(message.Element(name)?.Value);

    private static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Seconds(TimeSpan span) => ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static void CheckCount(int? maxMessages)
    {
        if (maxMessages is < 1 or > MaxMessagesPerReceive)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "Between 1 and 32 messages can be received at once.");
        }
    }

    private static void CheckVisibility(TimeSpan? visibilityTimeout)
    {
        if (visibilityTimeout is { } v && (v < TimeSpan.Zero || v > MaxVisibilityTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), visibilityTimeout, "A visibility timeout is between 0 and 7 days; schedule longer delays in hops.");
        }
    }

    private static string ValidateName(string name) => IsValidName(name)
        ? name
        : throw new ArgumentException($"'{name}' is not a valid queue name: 3–63 lowercase letters, digits and single hyphens, starting with a letter or digit.", nameof(name));

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial Regex NamePattern();
}
