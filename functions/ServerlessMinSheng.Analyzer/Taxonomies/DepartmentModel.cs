using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Features;

namespace ServerlessMinSheng.Analyzer.Taxonomies;

/// <summary>
/// The out-of-the-box department classifier, trained from the shipped seed set so a fresh
/// installation routes requests before any labelled data of its own exists. A model trained on
/// thousands of confirmed requests (<see cref="ClassifierTrainer"/>, the CLI's `train`) is far
/// stronger and should replace it once available; until then staff corrections are added here.
/// </summary>
public static class DepartmentModel
{
    /// <summary>
    /// Settings for a few hundred short examples, as for <see cref="ThemeModel"/>: every n-gram
    /// counts (min-df 1) and no lead view, because the seeds have no titles.
    /// </summary>
    public static TrainingOptions Options { get; } = TrainingOptions.Default with
    {
        Features = FeatureOptions.Default with { MinDocumentFrequency = 1, CharNgramMax = 2, LeadCharacters = 0 },
    };

    /// <summary>
    /// Trains on the seed plus <paramref name="corrections"/> (staff-confirmed department labels;
    /// labels outside <see cref="Taxonomy.Departments"/> become extra classes). Deterministic.
    /// </summary>
    public static TextClassifier Train(IEnumerable<LabeledText>? corrections = null, TimeProvider? time = null)
    {
        var examples = SeedExamples.With(Taxonomy.DepartmentSeed(), corrections);
        return ClassifierTrainer.Train(examples, Options, "departments", time);
    }
}
