using ServerlessMinSheng.Analyzer.Text;

namespace ServerlessMinSheng.Analyzer.Clustering;

/// <summary>
/// MinHash signatures over character 3-gram shingles of the text with spaces and punctuation
/// removed. The share of equal signature slots estimates the Jaccard similarity of the shingle
/// sets: two copies of one complaint score near 1 whatever punctuation or spacing they use.
/// </summary>
public static class MinHash
{
    /// <summary>Signature length: 32 LSH bands of 3 rows.</summary>
    public const int Length = 96;

    private const int ShingleSize = 3;

    public static uint[] Signature(string? text)
    {
        var signature = new uint[Length];
        Array.Fill(signature, uint.MaxValue);
        var normalized = TextNormalizer.Normalize(text);
        Span<char> chars = normalized.Length <= 4096 ? stackalloc char[normalized.Length] : new char[normalized.Length];
        var n = 0;
        foreach (var c in normalized)
        {
            if (TextNormalizer.IsWordChar(c))
            {
                chars[n++] = c;
            }
        }

        if (n == 0)
        {
            return signature;
        }

        var shingles = Math.Max(1, n - ShingleSize + 1);
        for (var i = 0; i < shingles; i++)
        {
            var width = Math.Min(ShingleSize, n - i);
            var h = 14695981039346656037UL;
            for (var k = 0; k < width; k++)
            {
                h = (h ^ chars[i + k]) * 1099511628211UL;
            }

            // Slot functions: one 64-bit mix, then a cheap per-slot permutation of it.
            var mixed = Mix(h);
            var a = (uint)mixed;
            var b = (uint)(mixed >> 32) | 1u;
            for (var slot = 0; slot < Length; slot++)
            {
                var value = a + ((uint)slot * b);
                value ^= value >> 15;
                value *= 0x2C1B3C6Du;
                value ^= value >> 12;
                if (value < signature[slot])
                {
                    signature[slot] = value;
                }
            }
        }

        return signature;
    }

    /// <summary>Estimated Jaccard similarity: the share of equal slots.</summary>
    public static double Similarity(uint[] a, uint[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length || IsEmpty(a) || IsEmpty(b))
        {
            return 0;
        }

        var equal = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                equal++;
            }
        }

        return equal / (double)a.Length;
    }

    internal static bool IsEmpty(uint[] signature) => signature.Length == 0 || signature[0] == uint.MaxValue;

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
