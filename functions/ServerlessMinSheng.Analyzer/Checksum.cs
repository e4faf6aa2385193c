namespace ServerlessMinSheng.Analyzer;

/// <summary>FNV-1a, 64-bit: enough to detect a damaged file; no security claim.</summary>
internal static class Checksum
{
    public static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
