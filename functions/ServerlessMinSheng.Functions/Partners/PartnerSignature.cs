using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessMinSheng.Functions.Partners;

/// <summary>
/// A partner signs <c>timestamp + "\n" + body</c> with HMAC-SHA256 and its secret, and sends
/// <c>X-MinSheng-Timestamp: &lt;unix seconds&gt;</c> and <c>X-MinSheng-Signature: sha256=&lt;hex&gt;</c>.
/// A timestamp more than 5 minutes away from now is refused, so a captured call cannot be replayed later.
/// </summary>
public static class PartnerSignature
{
    public const string TimestampHeader = "X-MinSheng-Timestamp";
    public const string SignatureHeader = "X-MinSheng-Signature";
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public enum Verdict
    {
        Valid,
        Invalid,
        Stale,
    }

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var message = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, message);
        message[written] = (byte)'\n';
        body.CopyTo(message.AsSpan(written + 1));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    public static Verdict Check(string? secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (secret is null || string.IsNullOrEmpty(signature) || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return Verdict.Invalid;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp!, body));
        var given = Encoding.ASCII.GetBytes(signature.StartsWith("sha256=", StringComparison.Ordinal) ? signature.ToLowerInvariant() : "sha256=" + signature.ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return Verdict.Invalid;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age.Duration() > MaxAge ? Verdict.Stale : Verdict.Valid;
    }
}
