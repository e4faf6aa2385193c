using ServerlessMinSheng.Analyzer.Text;

namespace ServerlessMinSheng.Analyzer.Features;

/// <summary>
/// Text to an L2-normalised TF-IDF vector with sublinear term frequency (1 + ln tf), so a word
/// repeated ten times in an angry message does not outweigh the rest of it.
/// </summary>
public sealed class TfIdfVectorizer
{
    // ln(tf) for the term frequencies that occur in practice.
    private static readonly double[] LogTable = Enumerable.Range(0, 256).Select(i => i == 0 ? 0 : Math.Log(i)).ToArray();

    // Per-thread scratch buffers of the scoring hot path; a dense count array indexed by
    // feature beats a dictionary and is cleared as it is read.
    [ThreadStatic]
    private static List<ulong>? t_keys;

    [ThreadStatic]
    private static List<int>? t_touched;

    [ThreadStatic]
    private static int[]? t_counts;

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

    /// <summary>
    /// Linear scores of a text without building its vector: the same TF-IDF weights and L2
    /// normalisation as <see cref="Transform"/>, accumulated straight into the scores. This is
    /// the classification hot path, so it reuses per-thread buffers and never sorts.
    /// <paramref name="rows"/> holds per feature its idf and then its class weights.
    /// </summary>
    internal void Score(string? text, ReadOnlySpan<float> rows, ReadOnlySpan<float> bias, Span<double> scores)
    {
        var classes = scores.Length;
        var stride = classes + 1;
        var keys = t_keys ??= new List<ulong>(4096);
        keys.Clear();
        NgramHasher.Collect(TextNormalizer.Normalize(text), Options, keys);
        if (t_counts is null || t_counts.Length < Vocabulary.Count)
        {
            t_counts = new int[Vocabulary.Count];
        }

        var counts = t_counts;
        var touched = t_touched ??= new List<int>(4096);
        touched.Clear();
        foreach (var key in keys)
        {
            var index = Vocabulary.IndexOf(key);
            if (index >= 0 && counts[index]++ == 0)
            {
                touched.Add(index);
            }
        }

        scores.Clear();
        var norm = 0.0;
        foreach (var index in touched)
        {
            var tf = counts[index];
            counts[index] = 0;
            var row = rows.Slice(index * stride, stride);
            var weight = (1.0 + (tf < LogTable.Length ? LogTable[tf] : Math.Log(tf))) * row[0];
            norm += weight * weight;
            for (var k = 0; k < classes; k++)
            {
                scores[k] += row[k + 1] * weight;
            }
        }

        var scale = norm > 0 ? 1.0 / Math.Sqrt(norm) : 0.0;
        for (var k = 0; k < classes; k++)
        {
            scores[k] = (scores[k] * scale) + bias[k];
        }
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
