using System.Net.Http.Headers;

namespace ServerlessMinSheng.Storage;

/// <summary>
/// A storage call described once and turned into a fresh <see cref="HttpRequestMessage"/> for every
/// attempt (a request message cannot be sent twice). Headers are kept as the exact strings put on the
/// wire, because Shared Key signs those bytes.
/// </summary>
internal sealed class StorageRequest
{
    public StorageRequest(HttpMethod method, Uri uri)
    {
        Method = method;
        Uri = uri;
    }

    public HttpMethod Method { get; }

    public Uri Uri { get; }

    /// <summary>Request headers other than Content-Type, Content-Length and x-ms-date.</summary>
    public SortedDictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ReadOnlyMemory<byte> Body { get; private set; }

    public string? ContentType { get; private set; }

    public StorageRequest WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public StorageRequest WithBody(ReadOnlyMemory<byte> body, string contentType)
    {
        Body = body;
        ContentType = contentType;
        return this;
    }

    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : string.Empty;

    public HttpRequestMessage ToHttpRequestMessage(string date, string authorization)
    {
        var message = new HttpRequestMessage(Method, Uri);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        message.Headers.TryAddWithoutValidation("x-ms-date", date);
        message.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (!Body.IsEmpty || ContentType is not null || NeedsExplicitEmptyBody)
        {
            var content = new ReadOnlyMemoryContent(Body);
            content.Headers.ContentLength = Body.Length;
            if (ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            message.Content = content;
        }

        return message;
    }

    /// <summary>PUT, POST and MERGE need a Content-Length header even when they carry nothing.</summary>
    private bool NeedsExplicitEmptyBody => Method == HttpMethod.Put || Method == HttpMethod.Post || Method.Method == "MERGE";

    public static MediaTypeHeaderValue? ParseContentType(string? value) =>
        value is not null && MediaTypeHeaderValue.TryParse(value, out var parsed) ? parsed : null;
}
