using System.Security.Cryptography;
using System.Text;

namespace ServerlessMinSheng.Functions.Intake;

/// <summary>
/// The code a resident uses to follow a request: 10 characters from Crockford's base32 alphabet (no
/// I, L, O or U, so nothing is misread), shown as two groups of five, e.g. <c>K7QF2-M9XAC</c>. The last
/// character is a Luhn mod 32 check, so one mistyped character or two swapped neighbours are caught
/// before anything is looked up. The first five characters are the storage partition: requests that
/// arrive together (a partner batch, an import chunk) share it, so they are written in one transaction.
/// </summary>
public static class TrackingCode
{
    public const int Length = 10;
    public const int BucketLength = 5;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new random bucket (partition) for requests that arrive together.</summary>
    public static string NewBucket() => Encode(RandomNumberGenerator.GetBytes(BucketLength), BucketLength);

    /// <summary>A bucket derived from a stable key (an import chunk, a partner batch item), so a redelivery lands in the same place.</summary>
    public static string BucketFor(string key) => Encode(SHA256.HashData(Encoding.UTF8.GetBytes("bucket|" + key)), BucketLength);

    /// <summary>A new random code in the given bucket.</summary>
    public static string New(string bucket) => WithCheck(bucket + Encode(RandomNumberGenerator.GetBytes(4), 4));

    /// <summary>The code for a stable key (a partner's own id, an import line): the same key always gives the same code.</summary>
    public static string For(string bucket, string key) => WithCheck(bucket + Encode(SHA256.HashData(Encoding.UTF8.GetBytes("code|" + key)), 4));

    /// <summary>The code for the <paramref name="number"/>th item of a bucket (an import line): distinct numbers never collide.</summary>
    public static string ForSequence(string bucket, int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(number, 32 * 32 * 32 * 32);
        var item = new char[4];
        for (var i = 3; i >= 0; i--, number /= Alphabet.Length)
        {
            item[i] = Alphabet[number % Alphabet.Length];
        }

        return WithCheck(bucket + new string(item));
    }

    public static string Bucket(string code) => code[..BucketLength];

    /// <summary>Reads what a person typed: case, spaces and hyphens do not matter, O reads as 0 and I/L as 1.</summary>
    public static bool TryNormalize(string? typed, out string code)
    {
        var builder = new StringBuilder(Length);
        foreach (var c in (typed ?? string.Empty).ToUpperInvariant())
        {
            var mapped = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (mapped is ' ' or '-' or '\u3000')
            {
                continue;
            }

            if (Alphabet.IndexOf(mapped, StringComparison.Ordinal) < 0)
            {
                code = string.Empty;
                return false;
            }

            builder.Append(mapped);
        }

        code = builder.ToString();
        return code.Length == Length && CheckCharacter(code[..^1]) == code[^1];
    }

    public static string Display(string code) => code.Length == Length ? $"{code[..5]}-{code[5..]}" : code;

    private static string WithCheck(string body) => body + CheckCharacter(body);

    /// <summary>Luhn mod N over the 32-character alphabet.</summary>
    private static char CheckCharacter(string body)
    {
        var factor = 2;
        var sum = 0;
        for (var i = body.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(body[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / Alphabet.Length) + (addend % Alphabet.Length);
        }

        return Alphabet[(Alphabet.Length - (sum % Alphabet.Length)) % Alphabet.Length];
    }

    private static string Encode(byte[] bytes, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[bytes[i] % Alphabet.Length]);
        }

        return builder.ToString();
    }
}
