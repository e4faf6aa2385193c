namespace ServerlessMinSheng.Analyzer.Clustering;

/// <summary>The working form of a cluster inside <see cref="ClusterIndex"/> (guarded by its lock).</summary>
internal sealed class MutableCluster
{
    /// <summary>Members whose text is kept for the label: enough for shared phrases to stand out.</summary>
    private const int SampleSize = 16;

    /// <summary>The head of a request holds its subject; the rest adds little to a label.</summary>
    private const int SampleCharacters = 400;

    public MutableCluster(ClusterState state)
    {
        Id = state.Id;
        Size = state.Size;
        Likes = state.Likes;
        FirstSeen = state.FirstSeen;
        LastSeen = state.LastSeen;
        HeatMass = state.HeatMass;
        HeatReference = state.HeatReference;
        Centroid = state.Centroid.ToDictionary(f => f.Key, f => f.Weight);
        SampleTexts = [.. state.SampleTexts];
    }

    public string Id { get; }

    public int Size { get; private set; }

    public long Likes { get; private set; }

    public DateTimeOffset FirstSeen { get; private set; }

    public DateTimeOffset LastSeen { get; private set; }

    public double HeatMass { get; private set; }

    public DateTimeOffset HeatReference { get; private set; }

    /// <summary>Sum of member vectors, truncated to the strongest features.</summary>
    public Dictionary<ulong, float> Centroid { get; }

    public List<string> SampleTexts { get; }

    /// <summary>The label computed for the current members; cleared when a member is added.</summary>
    public IReadOnlyList<string>? CachedLabel { get; set; }

    public double CentroidNorm => Math.Sqrt(Centroid.Values.Sum(v => (double)v * v));

    /// <summary>Adds a member; returns the centroid keys that were dropped and added, for the inverted index.</summary>
    public (List<ulong> Removed, List<ulong> Added) Add(
        WeightedFeature[] vector, ClusterDocument document, int centroidSize, double halfLifeDays)
    {
        var before = Centroid.Keys.ToHashSet();
        foreach (var feature in vector)
        {
            Centroid[feature.Key] = Centroid.GetValueOrDefault(feature.Key) + feature.Weight;
        }

        if (Centroid.Count > centroidSize * 2)
        {
            // Let the centroid grow to twice its size before trimming, so trimming (a sort) is rare.
            foreach (var weak in Centroid.OrderBy(p => p.Value).ThenBy(p => p.Key).Take(Centroid.Count - centroidSize).Select(p => p.Key).ToList())
            {
                Centroid.Remove(weak);
            }
        }

        if (SampleTexts.Count < SampleSize)
        {
            SampleTexts.Add(document.Text.Length > SampleCharacters ? document.Text[..SampleCharacters] : document.Text);
        }

        CachedLabel = null;
        Size++;
        Likes += Math.Max(0, document.Likes);
        FirstSeen = Size == 1 || document.Time < FirstSeen ? document.Time : FirstSeen;
        LastSeen = Size == 1 || document.Time > LastSeen ? document.Time : LastSeen;
        AddHeat(HeatWeight(document.Likes), document.Time, halfLifeDays);
        return (before.Where(k => !Centroid.ContainsKey(k)).ToList(), Centroid.Keys.Where(k => !before.Contains(k)).ToList());
    }

    /// <summary>Heat as of a moment: members weighted 1 + log2(1 + likes), halved every half-life of age.</summary>
    public double HeatAt(DateTimeOffset asOf, double halfLifeDays) =>
        asOf >= HeatReference ? HeatMass * Decay(asOf - HeatReference, halfLifeDays) : HeatMass;

    public ClusterState ToState() => new(
        Id, Size, Likes, FirstSeen, LastSeen, HeatMass, HeatReference,
        Centroid.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => new WeightedFeature(p.Key, p.Value)).ToList(),
        [.. SampleTexts]);

    /// <summary>Every doubling of likes counts as one more request raising the issue.</summary>
    private static double HeatWeight(int likes) => 1 + Math.Log2(1 + Math.Max(0, likes));

    private void AddHeat(double weight, DateTimeOffset time, double halfLifeDays)
    {
        if (Size == 1 || time > HeatReference)
        {
            HeatMass = (Size == 1 ? 0 : HeatMass * Decay(time - HeatReference, halfLifeDays)) + weight;
            HeatReference = time;
        }
        else
        {
            HeatMass += weight * Decay(HeatReference - time, halfLifeDays);
        }
    }

    private static double Decay(TimeSpan age, double halfLifeDays) => Math.Pow(0.5, age.TotalDays / halfLifeDays);
}
