namespace ServerlessMinSheng.Analyzer.KeyPhrases;

/// <summary>Plain-data snapshot of <see cref="CorpusStatistics"/> for persistence (a blob: a few MB).</summary>
public sealed record CorpusStatisticsState(int Documents, int Depth, int WidthBits, int[] Counts);

/// <summary>
/// How many requests contain each candidate phrase, learnt incrementally as requests arrive.
/// Key phrases are what is frequent in a text or cluster but rare across all requests, so
/// this is the "all requests" side. Thread-safe: counters are updated atomically.
/// </summary>
public sealed class CorpusStatistics
{
    private readonly CountMinSketch _sketch;
    private int _documents;

    /// <summary>4 × 2^18 counters (4 MiB): overcounts stay below 1% of documents up to ~100,000 requests.</summary>
    public CorpusStatistics()
        : this(new CountMinSketch(4, 18))
    {
    }

    private CorpusStatistics(CountMinSketch sketch, int documents = 0)
    {
        _sketch = sketch;
        _documents = documents;
    }

    public int Documents => Volatile.Read(ref _documents);

    public void Add(string? text) => Add(PhraseCandidates.Count(text));

    internal void Add(CandidateSet candidates)
    {
        foreach (var key in candidates.Candidates.Keys)
        {
            _sketch.Add(key);
        }

        Interlocked.Increment(ref _documents);
    }

    public void AddRange(IEnumerable<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        foreach (var text in texts)
        {
            Add(text);
        }
    }

    /// <summary>Documents containing the phrase with this key (an upper bound, usually exact).</summary>
    internal int DocumentFrequency(ulong key) => Math.Min(_sketch.Estimate(key), Documents);

    /// <summary>Smoothed inverse document frequency; 1 for every phrase while the corpus is too small to tell.</summary>
    internal double Idf(ulong key)
    {
        var n = Documents;
        return n < 20 ? 1.0 : Math.Log((n + 1.0) / (DocumentFrequency(key) + 1.0)) + 1.0;
    }

    public CorpusStatisticsState ToState() => new(Documents, _sketch.Depth, _sketch.WidthBits, (int[])_sketch.Counts.Clone());

    public static CorpusStatistics FromState(CorpusStatisticsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new CorpusStatistics(new CountMinSketch(state.Depth, state.WidthBits, (int[])state.Counts.Clone()), state.Documents);
    }
}
