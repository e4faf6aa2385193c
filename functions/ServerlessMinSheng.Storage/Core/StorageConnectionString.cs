using System.Globalization;

namespace ServerlessMinSheng.Storage;

/// <summary>
/// An Azure Storage connection string in the standard format: either
/// <c>UseDevelopmentStorage=true</c> (Azurite on its default ports) or
/// <c>DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…[;TableEndpoint=…][;QueueEndpoint=…][;BlobEndpoint=…][;EndpointSuffix=…]</c>.
/// Parsing fails with a <see cref="FormatException"/> that names the bad part, so a
/// misconfigured app stops at startup instead of on its first request.
/// </summary>
public sealed class StorageConnectionString
{
    /// <summary>The account and key every Azure Storage emulator accepts; public knowledge, not a secret.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] KnownKeys =
    [
        "UseDevelopmentStorage", "DevelopmentStorageProxyUri", "DefaultEndpointsProtocol", "AccountName",
        "AccountKey", "EndpointSuffix", "BlobEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint",
    ];

    private StorageConnectionString(StorageSharedKeyCredential credential, Uri blob, Uri queue, Uri table)
    {
        Credential = credential;
        BlobEndpoint = blob;
        QueueEndpoint = queue;
        TableEndpoint = table;
    }

    public StorageSharedKeyCredential Credential { get; }

    public string AccountName => Credential.AccountName;

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    public static StorageConnectionString Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The storage connection string is empty.");
        }

        var parts = SplitPairs(connectionString);
        if (parts.TryGetValue("UseDevelopmentStorage", out var useDev))
        {
            return ParseDevelopment(useDev, parts);
        }

        var accountName = Required(parts, "AccountName");
        var credential = new StorageSharedKeyCredential(accountName, Required(parts, "AccountKey"));
        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("http" or "https"))
        {
            throw new FormatException($"DefaultEndpointsProtocol must be 'http' or 'https', not '{protocol}'.");
        }

        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new StorageConnectionString(
            credential,
            Endpoint(parts, "BlobEndpoint", protocol, accountName, "blob", suffix),
            Endpoint(parts, "QueueEndpoint", protocol, accountName, "queue", suffix),
            Endpoint(parts, "TableEndpoint", protocol, accountName, "table", suffix));
    }

    /// <summary>Builds the connection string for an Azurite account on explicit ports (path-style URLs).</summary>
    public static string ForEmulator(string accountName, string accountKey, int blobPort, int queuePort, int tablePort, string host = "127.0.0.1") =>
        string.Create(CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={accountName};AccountKey={accountKey};" +
            $"BlobEndpoint=http://{host}:{blobPort}/{accountName};QueueEndpoint=http://{host}:{queuePort}/{accountName};" +
            $"TableEndpoint=http://{host}:{tablePort}/{accountName};");

    public override string ToString() =>
        $"AccountName={AccountName};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint}";

    private static StorageConnectionString ParseDevelopment(string value, Dictionary<string, string> parts)
    {
        if (!string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"UseDevelopmentStorage must be 'true', not '{value}'.");
        }

        var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? AbsoluteUri("DevelopmentStorageProxyUri", p) : new Uri("http://127.0.0.1");
        Uri At(int port) => new UriBuilder(proxy) { Port = port, Path = DevelopmentAccountName }.Uri;
        return new StorageConnectionString(
            new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey), At(10000), At(10001), At(10002));
    }

    private static Dictionary<string, string> SplitPairs(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"The storage connection string has a part without 'key=value': '{Shorten(segment)}'.");
            }

            var key = segment[..eq].Trim();
            if (!KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                var hint = key.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase)
                    ? " SAS connection strings are not supported; use AccountName and AccountKey."
                    : string.Empty;
                throw new FormatException($"The storage connection string has an unknown key '{key}'.{hint}");
            }

            if (!parts.TryAdd(key, segment[(eq + 1)..].Trim()))
            {
                throw new FormatException($"The storage connection string sets '{key}' twice.");
            }
        }

        return parts;
    }

    private static string Required(Dictionary<string, string> parts, string key) =>
        parts.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The storage connection string is missing {key}.");

    private static Uri Endpoint(Dictionary<string, string> parts, string key, string protocol, string account, string service, string suffix) =>
        parts.TryGetValue(key, out var explicitValue)
            ? AbsoluteUri(key, explicitValue)
            : new Uri($"{protocol}://{account}.{service}.{suffix}");

    private static Uri AbsoluteUri(string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{key} '{value}' is not an absolute http(s) URL.");
        }

        return uri;
    }

    private static string Shorten(string s) => s.Length <= 24 ? s : s[..24] + "…";
}
