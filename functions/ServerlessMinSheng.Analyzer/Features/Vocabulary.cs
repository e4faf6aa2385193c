namespace ServerlessMinSheng.Analyzer.Features;

/// <summary>
/// The features a model knows: 64-bit n-gram keys mapped to dense indices, with an inverse
/// document frequency each. Keys are hashes rather than strings so the model file stays small
/// and lookups never allocate; at 64 bits a collision among a few million n-grams is negligible.
/// </summary>
public sealed class Vocabulary
{
    private readonly KeyIndexTable _index;

    internal Vocabulary(ulong[] keys, float[] idf)
    {
        if (keys.Length != idf.Length)
        {
            throw new ArgumentException("Every key needs an idf.", nameof(idf));
        }

        Keys = keys;
        Idf = idf;
        _index = new KeyIndexTable(keys);
    }

    internal ulong[] Keys { get; }

    internal float[] Idf { get; }

    public int Count => Keys.Length;

    internal bool TryGetIndex(ulong key, out int index)
    {
        index = _index.IndexOf(key);
        return index >= 0;
    }

    /// <summary>The index of a key, or -1.</summary>
    internal int IndexOf(ulong key) => _index.IndexOf(key);

    /// <summary>
    /// Keeps keys seen in at least <paramref name="minDocumentFrequency"/> documents, in a
    /// deterministic order, with smoothed idf = ln((1 + n) / (1 + df)) + 1.
    /// </summary>
    internal static Vocabulary Build(IReadOnlyList<ulong[]> distinctKeysPerDocument, int minDocumentFrequency)
    {
        var df = new Dictionary<ulong, int>();
        foreach (var keys in distinctKeysPerDocument)
        {
            foreach (var key in keys)
            {
                df[key] = df.GetValueOrDefault(key) + 1;
            }
        }

        var kept = df.Where(pair => pair.Value >= minDocumentFrequency).Select(pair => pair.Key).ToArray();
        Array.Sort(kept);
        var n = distinctKeysPerDocument.Count;
        var idf = kept.Select(key => (float)(Math.Log((1.0 + n) / (1.0 + df[key])) + 1.0)).ToArray();
        return new Vocabulary(kept, idf);
    }
}
