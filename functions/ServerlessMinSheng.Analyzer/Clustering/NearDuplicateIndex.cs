namespace ServerlessMinSheng.Analyzer.Clustering;

/// <summary>A request that is (nearly) the same text as another, with the estimated similarity.</summary>
public sealed record NearDuplicate(string Id, double Similarity);

/// <summary>One indexed request's signature: the persisted state of the near-duplicate index.</summary>
public sealed record DocumentSignature(string Id, uint[] MinHash);

/// <summary>
/// Finds requests whose text is nearly the same as an earlier one (sent twice, or copied by
/// neighbours) with locality-sensitive hashing over MinHash bands, so a lookup touches only
/// likely matches rather than every request. Thread-safe; the state is the list of signatures.
/// </summary>
public sealed class NearDuplicateIndex
{
    private const int Bands = 32;
    private const int RowsPerBand = MinHash.Length / Bands;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, uint[]> _signatures = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, List<string>> _buckets = [];

    /// <param name="threshold">
    /// Estimated Jaccard similarity of 3-gram shingles from which two texts count as near-duplicates.
    /// 0.5 catches a resent complaint with a changed greeting or an added sentence, while two
    /// different residents describing the same problem in their own words stay below it.
    /// </param>
    public NearDuplicateIndex(double threshold = 0.5)
    {
        Threshold = threshold;
    }

    public double Threshold { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _signatures.Count;
            }
        }
    }

    /// <summary>Near-duplicates of a text among the indexed requests, most similar first, without adding it.</summary>
    public IReadOnlyList<NearDuplicate> Find(string? text) => Find(MinHash.Signature(text), excludeId: null);

    /// <summary>Indexes a request and returns its near-duplicates among those indexed before it.</summary>
    public IReadOnlyList<NearDuplicate> Add(string id, string? text) => Add(id, MinHash.Signature(text));

    public IReadOnlyList<NearDuplicate> Add(string id, uint[] signature)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(signature);
        lock (_lock)
        {
            var duplicates = Find(signature, id);
            if (_signatures.TryAdd(id, signature) && !MinHash.IsEmpty(signature))
            {
                for (var band = 0; band < Bands; band++)
                {
                    var key = BandKey(signature, band);
                    if (!_buckets.TryGetValue(key, out var bucket))
                    {
                        _buckets[key] = bucket = [];
                    }

                    bucket.Add(id);
                }
            }

            return duplicates;
        }
    }

    public IReadOnlyList<DocumentSignature> ToState()
    {
        lock (_lock)
        {
            return _signatures.Select(p => new DocumentSignature(p.Key, p.Value)).ToList();
        }
    }

    public static NearDuplicateIndex FromState(IEnumerable<DocumentSignature> state, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(state);
        var index = new NearDuplicateIndex(threshold);
        foreach (var document in state)
        {
            index.Add(document.Id, document.MinHash);
        }

        return index;
    }

    private List<NearDuplicate> Find(uint[] signature, string? excludeId)
    {
        var result = new List<NearDuplicate>();
        if (MinHash.IsEmpty(signature))
        {
            return result;
        }

        lock (_lock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var band = 0; band < Bands; band++)
            {
                if (!_buckets.TryGetValue(BandKey(signature, band), out var bucket))
                {
                    continue;
                }

                foreach (var id in bucket)
                {
                    if (id != excludeId && seen.Add(id))
                    {
                        var similarity = MinHash.Similarity(signature, _signatures[id]);
                        if (similarity >= Threshold)
                        {
                            result.Add(new NearDuplicate(id, similarity));
                        }
                    }
                }
            }
        }

        result.Sort((a, b) => b.Similarity != a.Similarity ? b.Similarity.CompareTo(a.Similarity) : string.CompareOrdinal(a.Id, b.Id));
        return result;
    }

    private static ulong BandKey(uint[] signature, int band)
    {
        var h = 14695981039346656037UL ^ (ulong)band;
        for (var r = 0; r < RowsPerBand; r++)
        {
            h = (h ^ signature[(band * RowsPerBand) + r]) * 1099511628211UL;
        }

        return h;
    }
}
