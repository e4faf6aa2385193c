using ServerlessMinSheng.Analyzer.KeyPhrases;

namespace ServerlessMinSheng.Analyzer.Clustering;

/// <summary>A feature of a topic vector: a phrase hash and its weight.</summary>
public sealed record WeightedFeature(ulong Key, float Weight);

/// <summary>
/// One topic cluster as plain data, for a Table Storage row or a JSON blob. The heat is kept
/// as an exponentially decayed sum (<see cref="HeatMass"/> as of <see cref="HeatReference"/>)
/// so that adding a request never needs the earlier members. The label is computed from
/// <see cref="SampleTexts"/>, the (shortened) texts of the first members.
/// </summary>
public sealed record ClusterState(
    string Id,
    int Size,
    long Likes,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    double HeatMass,
    DateTimeOffset HeatReference,
    IReadOnlyList<WeightedFeature> Centroid,
    IReadOnlyList<string> SampleTexts);

/// <summary>Everything a <see cref="ClusterIndex"/> needs to resume: clusters, memberships, signatures and corpus statistics.</summary>
public sealed record ClusterIndexState(
    int FormatVersion,
    int NextClusterNumber,
    IReadOnlyList<ClusterState> Clusters,
    IReadOnlyDictionary<string, string> Memberships,
    IReadOnlyList<DocumentSignature> Signatures,
    CorpusStatisticsState Corpus);

/// <summary>A request as the cluster index sees it. <see cref="Likes"/> counts likes or supports (点赞).</summary>
public sealed record ClusterDocument(string Id, string Text, DateTimeOffset Time, int Likes = 0);

/// <summary>Where a request went: its cluster (and that cluster's size now), whether it started one, and its near-duplicates.</summary>
public sealed record ClusterAssignment(string ClusterId, int ClusterSize, bool IsNewCluster, double Similarity, IReadOnlyList<NearDuplicate> NearDuplicates);

/// <summary>A cluster as shown on the needs map: size, likes, time span, heat and label phrases.</summary>
public sealed record ClusterSummary(
    string Id, int Size, long Likes, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, double Heat, IReadOnlyList<string> Label);
