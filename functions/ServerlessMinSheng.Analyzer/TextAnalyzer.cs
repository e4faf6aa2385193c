using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Clustering;
using ServerlessMinSheng.Analyzer.Grading;
using ServerlessMinSheng.Analyzer.KeyPhrases;
using ServerlessMinSheng.Analyzer.Redaction;
using ServerlessMinSheng.Analyzer.Taxonomies;

namespace ServerlessMinSheng.Analyzer;

/// <summary>Everything triage needs about one request.</summary>
public sealed record RequestAnalysis(
    Prediction Department,
    Prediction Theme,
    GradeSuggestion Grade,
    IReadOnlyList<KeyPhrase> KeyPhrases,
    RedactionResult Redacted,
    ClusterAssignment Cluster);

/// <summary>
/// The analyzer as the platform uses it: department and theme classification, grade, key
/// phrases, redaction, and near-duplicate and topic clustering. Classifiers are immutable and
/// the cluster index locks internally, so one instance serves all triage handlers at once.
/// </summary>
public sealed class TextAnalyzer
{
    /// <param name="departments">A trained department model, or null for the one trained from the shipped seed set.</param>
    public TextAnalyzer(TextClassifier? departments, TextClassifier themes, ClusterIndex? clusters = null, GradeSuggester? grader = null)
    {
        Departments = departments ?? DepartmentModel.Train();
        Themes = themes ?? throw new ArgumentNullException(nameof(themes));
        Clusters = clusters ?? new ClusterIndex();
        Grader = grader ?? GradeSuggester.Default;
    }

    /// <summary>
    /// Department model: one trained from the platform's labelled requests when given, else the
    /// seed-trained <see cref="DepartmentModel"/>. Never null.
    /// </summary>
    public TextClassifier Departments { get; }

    public TextClassifier Themes { get; }

    public ClusterIndex Clusters { get; }

    public GradeSuggester Grader { get; }

    /// <summary>
    /// The out-of-the-box analyzer: themes trained from the shipped seed set, the given department
    /// model (see <see cref="ModelSerializer.Load"/>) or else one trained from the shipped
    /// department seed set (both seeds together train in about half a second once warm), and a restored
    /// cluster index or a new one whose phrase statistics start from the seed set.
    /// </summary>
    public static TextAnalyzer CreateDefault(TextClassifier? departments = null, ClusterIndexState? clusterState = null) =>
        new(departments, ThemeModel.Train(), clusterState is null ? new ClusterIndex(null, BackgroundCorpus.Create()) : ClusterIndex.FromState(clusterState));

    public Prediction ClassifyDepartment(string? text) => Departments.Predict(text);

    public Prediction ClassifyTheme(string? text) => Themes.Predict(text);

    public GradeSuggestion SuggestGrade(string? text, int? clusterSize = null) => Grader.Suggest(text, clusterSize);

    public static RedactionResult Redact(string? text) => PiiRedactor.Redact(text);

    /// <summary>Key phrases of one text against everything the cluster index has seen.</summary>
    public IReadOnlyList<KeyPhrase> KeyPhrases(string? text, int count = 5) => KeyPhraseExtractor.ForText(text, Clusters.Corpus, count);

    /// <summary>Key phrases that set a group of texts apart from the corpus.</summary>
    public IReadOnlyList<KeyPhrase> GroupKeyPhrases(IReadOnlyList<string> texts, int count = 5) => KeyPhraseExtractor.ForGroup(texts, Clusters.Corpus, count);

    /// <summary>
    /// Full triage of a new request: it joins the cluster index first, so the grade can use
    /// how many requests share its topic. Idempotent per request id (a redelivered queue
    /// message gets the same cluster and does not count twice).
    /// </summary>
    public RequestAnalysis Analyze(string requestId, string? text, DateTimeOffset time, int likes = 0)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        var candidates = PhraseCandidates.Count(text);
        var assignment = Clusters.Add(new ClusterDocument(requestId, text ?? string.Empty, time, likes), candidates);
        return new RequestAnalysis(
            ClassifyDepartment(text),
            ClassifyTheme(text),
            SuggestGrade(text, assignment.ClusterSize),
            KeyPhraseExtractor.ForText(candidates, Clusters.Corpus, 5),
            Redact(text),
            assignment);
    }
}
