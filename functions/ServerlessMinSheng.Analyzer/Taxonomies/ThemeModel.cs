using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Features;

namespace ServerlessMinSheng.Analyzer.Taxonomies;

/// <summary>
/// The out-of-the-box theme classifier, trained from the shipped seed set. Training takes well
/// under a second, so the platform trains it at startup instead of shipping a binary; once staff
/// have corrected enough requests, pass their corrections in as extra examples.
/// </summary>
public static class ThemeModel
{
    /// <summary>
    /// Settings for a few hundred short examples: every n-gram counts (min-df 1), trigrams are
    /// enough, and no lead view because the seeds have no titles. Chosen by 5-fold CV on the seed.
    /// </summary>
    public static TrainingOptions Options { get; } = TrainingOptions.Default with
    {
        Features = FeatureOptions.Default with { MinDocumentFrequency = 1, CharNgramMax = 3, LeadCharacters = 0 },
    };

    public static TextClassifier Train(IEnumerable<LabeledText>? corrections = null, TimeProvider? time = null)
    {
        var examples = SeedExamples.With(Taxonomy.ThemeSeed(), corrections, Taxonomy.Themes);
        return ClassifierTrainer.Train(examples, Options, "themes", time);
    }
}
