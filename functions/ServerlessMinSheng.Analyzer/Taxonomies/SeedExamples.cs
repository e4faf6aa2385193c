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
    /// A label outside <paramref name="taxonomy"/> is refused: a typo would otherwise become an
    /// extra class that the platform has no department or theme for.
    /// </summary>
    public static List<LabeledText> With(IReadOnlyList<LabeledText> seed, IEnumerable<LabeledText>? corrections, Taxonomy taxonomy)
    {
        var extra = corrections?.ToList() ?? [];
        if (extra.Count == 0)
        {
            return [.. seed];
        }

        if (extra.Any(c => c is null))
        {
            throw new ArgumentException("Corrections must not contain null.", nameof(corrections));
        }

        if (extra.FirstOrDefault(c => taxonomy.FindByName(c.Label) is null) is { } unknown)
        {
            throw new ArgumentException(
                $"Correction label '{unknown.Label}' is not one of the {taxonomy.Name}: {string.Join(", ", taxonomy.Labels)}.", nameof(corrections));
        }

        var corrected = extra.Select(c => TextNormalizer.Normalize(c.Text)).ToHashSet(StringComparer.Ordinal);
        return [.. seed.Where(s => !corrected.Contains(TextNormalizer.Normalize(s.Text))), .. extra];
    }
}
