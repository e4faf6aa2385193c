using System.Numerics;
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

    private static readonly Vector<uint>[] SlotNumbers = Enumerable.Range(0, Length / Vector<uint>.Count)
        .Select(c => new Vector<uint>(Enumerable.Range(c * Vector<uint>.Count, Vector<uint>.Count).Select(i => (uint)i).ToArray()))
        .ToArray();

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

        // Every slot function is value = a + slot * b, mixed, for per-shingle a and b; computed
        // for a whole vector of slots at once (the same numbers on any hardware).
        var lanes = Vector<uint>.Count;
        Span<Vector<uint>> minimum = stackalloc Vector<uint>[Length / lanes];
        minimum.Fill(new Vector<uint>(uint.MaxValue));
        var multiplier = new Vector<uint>(0x2C1B3C6Du);
        var shingles = Math.Max(1, n - ShingleSize + 1);
        for (var i = 0; i < shingles; i++)
        {
            var width = Math.Min(ShingleSize, n - i);
            var h = 14695981039346656037UL;
            for (var k = 0; k < width; k++)
            {
                h = (h ^ chars[i + k]) * 1099511628211UL;
            }

            var mixed = Mix(h);
            var a = new Vector<uint>((uint)mixed);
            var b = new Vector<uint>((uint)(mixed >> 32) | 1u);
            for (var c = 0; c < minimum.Length; c++)
            {
                var value = a + (SlotNumbers[c] * b);
                value ^= Vector.ShiftRightLogical(value, 15);
                value *= multiplier;
                value ^= Vector.ShiftRightLogical(value, 12);
                minimum[c] = Vector.Min(minimum[c], value);
            }
        }

        for (var c = 0; c < minimum.Length; c++)
        {
            minimum[c].CopyTo(signature, c * lanes);
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
