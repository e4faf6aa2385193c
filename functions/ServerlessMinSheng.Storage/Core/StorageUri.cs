using System.Text;

namespace ServerlessMinSheng.Storage;

internal static class StorageUri
{
    /// <summary>Appends an already-escaped path and query parameters (escaped here) to a service endpoint.</summary>
    public static Uri Build(Uri endpoint, string escapedPath, params (string Name, string? Value)[] query)
    {
        var builder = new StringBuilder(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        if (escapedPath.Length > 0)
        {
            builder.Append('/').Append(escapedPath);
        }

        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(builder.ToString());
    }
}
