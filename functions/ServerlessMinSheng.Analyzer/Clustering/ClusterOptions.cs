namespace ServerlessMinSheng.Analyzer.Clustering;

/// <summary>Tuning of topic clustering. The defaults were checked by reading clusters of the hot-issue data.</summary>
public sealed record ClusterOptions
{
    /// <summary>
    /// Cosine similarity to a cluster's centroid from which a request joins it. On the hot-issue
    /// data 0.3 split one housing estate's complaints over six clusters; 0.15 kept each known
    /// issue (伊景园滨河苑, 丽发新城, 58车贷) in one cluster without mixing in other topics.
    /// </summary>
    public double JoinThreshold { get; init; } = 0.15;

    /// <summary>See <see cref="NearDuplicateIndex"/>; a near-duplicate always joins its original's cluster.</summary>
    public double NearDuplicateThreshold { get; init; } = 0.5;

    /// <summary>
    /// Heat halves every this many days without new requests or likes: the needs map should
    /// show what residents raise now, while a long-running issue stays visible for a season.
    /// </summary>
    public double HeatHalfLifeDays { get; init; } = 90;

    /// <summary>Phrases per request used for its topic vector.</summary>
    public int FeaturesPerDocument { get; init; } = 40;

    /// <summary>Features kept in a cluster centroid.</summary>
    public int CentroidFeatures { get; init; } = 100;

    public static ClusterOptions Default { get; } = new();
}
