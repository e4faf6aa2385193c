using System.Globalization;
using ServerlessMinSheng.Analyzer.Text;

namespace ServerlessMinSheng.Analyzer.Grading;

/// <summary>
/// Suggests A/B/C from the text's cue words and, when known, how many requests share its
/// cluster. Rules rather than a model: there is no graded training data yet, and staff must be
/// able to see and argue with every reason. Precedence: a dominant cluster is A; complexity
/// (legal, historical, several departments) is B; representativeness (many residents, broad
/// benefit, repeated without a concrete fix) is A; anything else is C.
/// </summary>
public sealed class GradeSuggester(GradeOptions? options = null)
{
    private readonly GradeOptions _options = options ?? GradeOptions.Default;

    public static GradeSuggester Default { get; } = new();

    /// <param name="text">Title and body of the request.</param>
    /// <param name="clusterSize">Requests in its topic cluster including itself, when known.</param>
    public GradeSuggestion Suggest(string? text, int? clusterSize = null)
    {
        var normalized = TextNormalizer.Normalize(text);
        var matched = GradeCues.Default
            .Select(g => (Group: g, Hits: g.Cues.Where(c => normalized.Contains(c, StringComparison.Ordinal)).ToList()))
            .Where(m => m.Hits.Count > 0)
            .ToList();
        List<string> Reasons(string kind) => matched.Where(m => m.Group.Kind == kind).Select(m => $"{m.Group.Reason}（{string.Join("、", m.Hits)}）").ToList();
        var departments = matched.Where(m => m.Group.Kind == GradeCues.Department).SelectMany(m => m.Hits).Distinct().ToList();
        var size = clusterSize ?? 1;
        var similar = string.Create(CultureInfo.InvariantCulture, $"同类诉求已有 {size} 件");

        if (size >= _options.DominantClusterSize)
        {
            return new GradeSuggestion(Grade.A, [similar, .. Reasons(GradeCues.Broad), .. Reasons(GradeCues.Complex)]);
        }

        var complex = Reasons(GradeCues.Complex);
        if (departments.Count >= 2)
        {
            complex.Add($"涉及多个单位（{string.Join("、", departments)}）");
        }

        if (complex.Count > 0)
        {
            return new GradeSuggestion(Grade.B, complex);
        }

        var broad = Reasons(GradeCues.Broad);
        if (size >= _options.RepresentativeClusterSize)
        {
            broad.Insert(0, similar);
        }

        var repeated = Reasons(GradeCues.Repeated);
        var fix = Reasons(GradeCues.Fix);
        if (broad.Count > 0 || repeated.Count > 0 && fix.Count == 0)
        {
            return new GradeSuggestion(Grade.A, [.. broad, .. repeated]);
        }

        return fix.Count > 0
            ? new GradeSuggestion(Grade.C, [.. fix, .. repeated.Select(r => r + "，应优先办理")])
            : new GradeSuggestion(Grade.C, ["未发现复杂或共性特征，建议直接办理"]);
    }
}
