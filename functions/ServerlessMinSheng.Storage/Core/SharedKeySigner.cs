using System.Globalization;
using System.Text;

namespace ServerlessMinSheng.Storage;

/// <summary>
/// Builds Shared Key authorization headers. The canonical resource is "/" + account + the path exactly
/// as sent on the wire, so with path-style (Azurite) URLs the account name appears twice.
/// </summary>
internal static class SharedKeySigner
{
    public static string AuthorizeTable(StorageRequest request, string date, StorageSharedKeyCredential credential)
    {
        // Table service: VERB, Content-MD5, Content-Type, Date, resource (+ only the comp parameter).
        var resource = CanonicalPath(request.Uri, credential);
        var comp = QueryParameters(request.Uri).FirstOrDefault(p => p.Name == "comp");
        if (comp.Name is not null)
        {
            resource += "?comp=" + comp.Value;
        }

        var stringToSign = string.Join('\n', request.Method.Method, request.Header("Content-MD5"), request.ContentType ?? string.Empty, date, resource);
        return Header(credential, stringToSign);
    }

    public static string AuthorizeBlobOrQueue(StorageRequest request, string date, StorageSharedKeyCredential credential)
    {
        var builder = new StringBuilder(256);
        builder.Append(request.Method.Method).Append('\n')
            .Append(request.Header("Content-Encoding")).Append('\n')
            .Append(request.Header("Content-Language")).Append('\n')
            .Append(request.Body.Length > 0 ? request.Body.Length.ToString(CultureInfo.InvariantCulture) : string.Empty).Append('\n')
            .Append(request.Header("Content-MD5")).Append('\n')
            .Append(request.ContentType ?? string.Empty).Append('\n')
            .Append('\n') // Date: empty because x-ms-date is sent.
            .Append(request.Header("If-Modified-Since")).Append('\n')
            .Append(request.Header("If-Match")).Append('\n')
            .Append(request.Header("If-None-Match")).Append('\n')
            .Append(request.Header("If-Unmodified-Since")).Append('\n')
            .Append(request.Header("Range")).Append('\n');

        var msHeaders = request.Headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim()))
            .Append((Name: "x-ms-date", Value: date))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append(CanonicalPath(request.Uri, credential));
        foreach (var group in QueryParameters(request.Uri).GroupBy(p => p.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            builder.Append('\n').Append(group.Key).Append(':').AppendJoin(',', group.Select(p => p.Value).Order(StringComparer.Ordinal));
        }

        return Header(credential, builder.ToString());
    }

    private static string CanonicalPath(Uri uri, StorageSharedKeyCredential credential) => "/" + credential.AccountName + uri.AbsolutePath;

    private static IEnumerable<(string Name, string Value)> QueryParameters(Uri uri)
    {
        var query = uri.Query;
        if (query.Length <= 1)
        {
            yield break;
        }

        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : pair[(eq + 1)..];
            yield return (Uri.UnescapeDataString(name).ToLowerInvariant(), Uri.UnescapeDataString(value));
        }
    }

    private static string Header(StorageSharedKeyCredential credential, string stringToSign) =>
        "SharedKey " + credential.AccountName + ":" + credential.ComputeSignature(stringToSign);
}
