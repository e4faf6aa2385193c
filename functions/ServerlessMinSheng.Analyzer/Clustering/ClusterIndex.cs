using System.Globalization;
using ServerlessMinSheng.Analyzer.KeyPhrases;

namespace ServerlessMinSheng.Analyzer.Clustering;

/// <summary>
/// Incremental topic clustering for the needs map. Each new request joins the cluster whose
/// centroid it is most similar to (or its near-duplicate's cluster), or starts a new one;
/// nothing already clustered is revisited, so adding is cheap and cluster ids are stable.
/// Candidate clusters come from an inverted index over centroid features. Thread-safe (one
/// lock); the whole state is plain records (<see cref="ToState"/>).
/// </summary>
public sealed class ClusterIndex
{
    public const int StateFormatVersion = 1;

    private readonly Lock _lock = new();
    private readonly ClusterOptions _options;
    private readonly List<MutableCluster> _clusters = [];
    private readonly Dictionary<string, int> _clusterIndexById = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, HashSet<int>> _postings = [];
    private readonly Dictionary<string, string> _memberships = new(StringComparer.Ordinal);
    private readonly NearDuplicateIndex _duplicates;
    private readonly CorpusStatistics _corpus;
    private int _nextClusterNumber;

    public ClusterIndex(ClusterOptions? options = null)
        : this(options ?? ClusterOptions.Default, new CorpusStatistics(), null)
    {
    }

    /// <summary>An index whose phrase statistics start from <paramref name="corpus"/> (e.g. <see cref="BackgroundCorpus.Create"/>).</summary>
    public ClusterIndex(ClusterOptions? options, CorpusStatistics corpus)
        : this(options ?? ClusterOptions.Default, corpus ?? throw new ArgumentNullException(nameof(corpus)), null)
    {
    }

    private ClusterIndex(ClusterOptions options, CorpusStatistics corpus, NearDuplicateIndex? duplicates)
    {
        _options = options;
        _corpus = corpus;
        _duplicates = duplicates ?? new NearDuplicateIndex(options.NearDuplicateThreshold);
    }

    /// <summary>The corpus the index has seen, usable for key phrases of single requests.</summary>
    public CorpusStatistics Corpus => _corpus;

    public int ClusterCount
    {
        get
        {
            lock (_lock)
            {
                return _clusters.Count;
            }
        }
    }

    /// <summary>Adds a request. Adding an id twice returns its existing cluster and changes nothing.</summary>
    public ClusterAssignment Add(ClusterDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Add(document, PhraseCandidates.Count(document.Text));
    }

    /// <summary>Adds a request whose phrase candidates the caller has already counted (and reuses for key phrases).</summary>
    internal ClusterAssignment Add(ClusterDocument document, CandidateSet candidates)
    {
        var signature = MinHash.Signature(document.Text);
        lock (_lock)
        {
            if (_memberships.TryGetValue(document.Id, out var existing))
            {
                return new ClusterAssignment(existing, _clusters[_clusterIndexById[existing]].Size, false, 1, []);
            }

            _corpus.Add(candidates);
            var vector = TopicVector.From(candidates, _corpus, _options.FeaturesPerDocument);
            var duplicates = _duplicates.Add(document.Id, signature);

            // A near-duplicate's cluster wins over centroid similarity: the same complaint
            // sent twice is the same issue even when its wording drifted from the centroid.
            var original = duplicates
                .Select(d => _memberships.TryGetValue(d.Id, out var c) && _clusterIndexById.TryGetValue(c, out var i) ? (Index: i, d.Similarity) : (Index: -1, d.Similarity))
                .FirstOrDefault(p => p.Index >= 0, (Index: -1, Similarity: 0.0));
            var (target, similarity) = original.Index >= 0 ? original : BestCluster(vector);
            var isNew = target < 0 || (original.Index < 0 && similarity < _options.JoinThreshold);
            if (isNew)
            {
                target = NewCluster(document);
                similarity = 1;
            }

            var cluster = _clusters[target];
            var (removed, added) = cluster.Add(vector, document, _options.CentroidFeatures, _options.HeatHalfLifeDays);
            foreach (var key in removed)
            {
                _postings[key].Remove(target);
            }

            foreach (var key in added)
            {
                if (!_postings.TryGetValue(key, out var list))
                {
                    _postings[key] = list = [];
                }

                list.Add(target);
            }

            _memberships[document.Id] = cluster.Id;
            return new ClusterAssignment(cluster.Id, cluster.Size, isNew, similarity, duplicates);
        }
    }

    public string? ClusterOf(string requestId)
    {
        lock (_lock)
        {
            return _memberships.GetValueOrDefault(requestId);
        }
    }

    /// <summary>The hottest clusters as of a moment (pass the current time from a TimeProvider).</summary>
    public IReadOnlyList<ClusterSummary> Top(int count, DateTimeOffset asOf, int minimumSize = 1)
    {
        lock (_lock)
        {
            return _clusters
                .Where(c => c.Size >= minimumSize)
                .Select(c => (Cluster: c, Heat: c.HeatAt(asOf, _options.HeatHalfLifeDays)))
                .OrderByDescending(p => p.Heat).ThenBy(p => p.Cluster.Id, StringComparer.Ordinal)
                .Take(count)
                .Select(p => Summarise(p.Cluster, p.Heat))
                .ToList();
        }
    }

    public ClusterSummary? Get(string clusterId, DateTimeOffset asOf)
    {
        lock (_lock)
        {
            return _clusterIndexById.TryGetValue(clusterId, out var i)
                ? Summarise(_clusters[i], _clusters[i].HeatAt(asOf, _options.HeatHalfLifeDays))
                : null;
        }
    }

    public ClusterIndexState ToState()
    {
        lock (_lock)
        {
            return new ClusterIndexState(
                StateFormatVersion, _nextClusterNumber, _clusters.Select(c => c.ToState()).ToList(),
                new Dictionary<string, string>(_memberships, StringComparer.Ordinal), _duplicates.ToState(), _corpus.ToState());
        }
    }

    public static ClusterIndex FromState(ClusterIndexState state, ClusterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.FormatVersion != StateFormatVersion)
        {
            throw new InvalidDataException($"Cluster state has format version {state.FormatVersion}; this analyzer reads {StateFormatVersion}.");
        }

        options ??= ClusterOptions.Default;
        var index = new ClusterIndex(options, CorpusStatistics.FromState(state.Corpus), NearDuplicateIndex.FromState(state.Signatures, options.NearDuplicateThreshold))
        {
            _nextClusterNumber = state.NextClusterNumber,
        };
        foreach (var cluster in state.Clusters)
        {
            var i = index._clusters.Count;
            index._clusters.Add(new MutableCluster(cluster));
            index._clusterIndexById[cluster.Id] = i;
            foreach (var feature in cluster.Centroid)
            {
                if (!index._postings.TryGetValue(feature.Key, out var list))
                {
                    index._postings[feature.Key] = list = [];
                }

                list.Add(i);
            }
        }

        foreach (var (request, cluster) in state.Memberships)
        {
            index._memberships[request] = cluster;
        }

        return index;
    }

    private (int Index, double Similarity) BestCluster(WeightedFeature[] vector)
    {
        var dots = new Dictionary<int, double>();
        foreach (var feature in vector)
        {
            if (!_postings.TryGetValue(feature.Key, out var clusters))
            {
                continue;
            }

            foreach (var c in clusters)
            {
                dots[c] = dots.GetValueOrDefault(c) + (feature.Weight * _clusters[c].Centroid[feature.Key]);
            }
        }

        int best = -1;
        var bestSimilarity = 0.0;
        foreach (var (c, dot) in dots)
        {
            var similarity = dot / _clusters[c].CentroidNorm;
            if (similarity > bestSimilarity || similarity == bestSimilarity && c < best)
            {
                best = c;
                bestSimilarity = similarity;
            }
        }

        return (best, bestSimilarity);
    }

    private int NewCluster(ClusterDocument document)
    {
        var id = "c" + (++_nextClusterNumber).ToString("D6", CultureInfo.InvariantCulture);
        var state = new ClusterState(id, 0, 0, document.Time, document.Time, 0, document.Time, [], []);
        _clusters.Add(new MutableCluster(state));
        _clusterIndexById[id] = _clusters.Count - 1;
        return _clusters.Count - 1;
    }

    private ClusterSummary Summarise(MutableCluster cluster, double heat)
    {
        var label = cluster.CachedLabel ??= KeyPhraseExtractor.ForGroup(cluster.SampleTexts, _corpus, 3).Select(p => p.Text).ToList();
        return new ClusterSummary(cluster.Id, cluster.Size, cluster.Likes, cluster.FirstSeen, cluster.LastSeen, heat, label);
    }
}
