using ServerlessMinSheng.Analyzer.Taxonomies;

namespace ServerlessMinSheng.Analyzer.KeyPhrases;

/// <summary>
/// Corpus statistics that start from the shipped seed requests, so that on a fresh install, or
/// for a batch of a handful of texts, key phrases already know that 小区 and 希望 are everywhere
/// and 充电桩 is not. Real requests are added on top as they arrive.
/// </summary>
public static class BackgroundCorpus
{
    public static CorpusStatistics Create()
    {
        var corpus = new CorpusStatistics();
        corpus.AddRange(Taxonomy.ThemeSeed().Select(e => e.Text));
        return corpus;
    }
}
