using ServerlessMinSheng.Analyzer.KeyPhrases;

namespace ServerlessMinSheng.Analyzer.Clustering;

/// <summary>
/// A request as a short list of weighted phrases (2-4 characters, tf-idf against the corpus
/// seen so far, top N, unit length). Short vectors keep clustering cheap and drop the
/// boilerplate every complaint shares.
/// </summary>
internal static class TopicVector
{
    public static WeightedFeature[] From(CandidateSet candidates, CorpusStatistics corpus, int size)
    {
        var features = new List<WeightedFeature>(candidates.Candidates.Count);
        foreach (var (key, info) in candidates.Candidates)
        {
            if (info.Length <= 4)
            {
                features.Add(new WeightedFeature(key, (float)((1 + Math.Log(info.Count)) * corpus.Idf(key))));
            }
        }

        features = TopSelection.Top(features, size, (a, b) => b.Weight != a.Weight ? b.Weight.CompareTo(a.Weight) : a.Key.CompareTo(b.Key));

        var norm = MathF.Sqrt(features.Sum(f => f.Weight * f.Weight));
        return norm == 0 ? [] : features.Select(f => f with { Weight = f.Weight / norm }).ToArray();
    }
}
