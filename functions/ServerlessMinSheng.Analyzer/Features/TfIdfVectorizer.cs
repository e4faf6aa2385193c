using ServerlessMinSheng.Analyzer.Text;

namespace ServerlessMinSheng.Analyzer.Features;

/// <summary>
/// Text to an L2-normalised TF-IDF vector with sublinear term frequency (1 + ln tf), so a word
/// repeated ten times in an angry message does not outweigh the rest of it.
/// </summary>
public sealed class TfIdfVectorizer
{
    public TfIdfVectorizer(FeatureOptions options, Vocabulary vocabulary)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
    }

    public FeatureOptions Options { get; }

    public Vocabulary Vocabulary { get; }

    /// <summary>Learns the vocabulary from training texts (already normalized or not).</summary>
    public static TfIdfVectorizer Fit(IReadOnlyList<string> texts, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        var perDocument = new ulong[texts.Count][];
        Parallel.For(0, texts.Count, () => new List<ulong>(), (i, _, keys) =>
        {
            keys.Clear();
            NgramHasher.Collect(TextNormalizer.Normalize(texts[i]), options, keys);
            keys.Sort();
            perDocument[i] = DistinctSorted(keys);
            return keys;
        }, _ => { });
        return new TfIdfVectorizer(options, Vocabulary.Build(perDocument, options.MinDocumentFrequency));
    }

    public SparseVector Transform(string? text)
    {
        var keys = new List<ulong>(256);
        NgramHasher.Collect(TextNormalizer.Normalize(text), Options, keys);
        var indices = new List<int>(keys.Count);
        foreach (var key in keys)
        {
            if (Vocabulary.TryGetIndex(key, out var index))
            {
                indices.Add(index);
            }
        }

        if (indices.Count == 0)
        {
            return SparseVector.Empty;
        }

        indices.Sort();
        var outIndices = new List<int>();
        var outValues = new List<float>();
        var norm = 0.0;
        for (var i = 0; i < indices.Count;)
        {
            var j = i;
            while (j < indices.Count && indices[j] == indices[i])
            {
                j++;
            }

            var weight = (float)(1.0 + Math.Log(j - i)) * Vocabulary.Idf[indices[i]];
            outIndices.Add(indices[i]);
            outValues.Add(weight);
            norm += weight * weight;
            i = j;
        }

        var values = outValues.ToArray();
        var scale = (float)(1.0 / Math.Sqrt(norm));
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }

        return new SparseVector(outIndices.ToArray(), values);
    }

    private static ulong[] DistinctSorted(List<ulong> sorted)
    {
        var result = new List<ulong>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                result.Add(sorted[i]);
            }
        }

        return [.. result];
    }
}
