using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace ServerlessMinSheng.Storage;

/// <summary>Turns a failed response into a typed exception that names the operation, status and service error code.</summary>
internal static class StorageErrors
{
    public static async Task EnsureSuccessAsync(this HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        throw await CreateAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<StorageRequestFailedException> CreateAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var (code, detail) = ParseBody(body);
        if (response.Headers.TryGetValues("x-ms-error-code", out var codes))
        {
            code = codes.FirstOrDefault() ?? code;
        }

        return Create((int)response.StatusCode, code, operation, detail ?? response.ReasonPhrase);
    }

    public static StorageRequestFailedException Create(int status, string? code, string operation, string? detail)
    {
        var firstLine = detail?.Split('\n', 2)[0].Trim();
        var message = $"{operation} failed: {status} {code}{(string.IsNullOrEmpty(firstLine) ? string.Empty : ": " + firstLine)}";
        return status switch
        {
            (int)HttpStatusCode.PreconditionFailed => new StorageConcurrencyException(code, message + " (the entity was changed by someone else; reload and retry)"),
            _ when StoragePipeline.IsTransient((HttpStatusCode)status) => new StorageUnavailableException(status, code, message),
            _ => new StorageRequestFailedException(status, code, message),
        };
    }

    private static (string? Code, string? Message) ParseBody(string body)
    {
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(trimmed);
                if (doc.RootElement.TryGetProperty("odata.error", out var error))
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    var message = error.TryGetProperty("message", out var m)
                        ? (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString())
                        : null;
                    return (code, message);
                }
            }
            catch (JsonException)
            {
                return (null, Shorten(trimmed));
            }
        }
        else if (trimmed.StartsWith('<'))
        {
            try
            {
                var root = XDocument.Parse(trimmed).Root;
                return (root?.Element("Code")?.Value, root?.Element("Message")?.Value);
            }
            catch (System.Xml.XmlException)
            {
                return (null, Shorten(trimmed));
            }
        }

        return (null, trimmed.Length == 0 ? null : Shorten(trimmed));
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
