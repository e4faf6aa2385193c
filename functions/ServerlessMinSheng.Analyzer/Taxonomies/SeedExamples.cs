using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Text;

namespace ServerlessMinSheng.Analyzer.Taxonomies;

/// <summary>Merges a shipped seed set with staff corrections.</summary>
internal static class SeedExamples
{
    /// <summary>
    /// The seed plus the corrections, where a correction replaces any seed example with the same
    /// normalised text: staff have the last word, and the model should not be trained on one text
    /// with two labels. Order is fixed (seed first), so training stays deterministic.
    /// </summary>
    public static List<LabeledText> With(IReadOnlyList<LabeledText> seed, IEnumerable<LabeledText>? corrections)
    {
        var extra = corrections?.ToList() ?? [];
        if (extra.Count == 0)
        {
            return [.. seed];
        }

        var corrected = extra.Select(c => TextNormalizer.Normalize(c.Text)).ToHashSet(StringComparer.Ordinal);
        return [.. seed.Where(s => !corrected.Contains(TextNormalizer.Normalize(s.Text))), .. extra];
    }
}
