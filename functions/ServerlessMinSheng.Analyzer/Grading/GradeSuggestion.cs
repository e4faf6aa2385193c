namespace ServerlessMinSheng.Analyzer.Grading;

/// <summary>
/// The 青白江 grades: A important and representative (becomes a micro-project), B complex
/// (cannot be handled at once), C can be handled at once (接诉即办).
/// </summary>
public enum Grade
{
    A,
    B,
    C,
}

/// <summary>A suggested grade and the reasons staff see next to it.</summary>
public sealed record GradeSuggestion(Grade Grade, IReadOnlyList<string> Reasons);

/// <summary>Cluster sizes from which a request counts as representative.</summary>
public sealed record GradeOptions
{
    /// <summary>With this many similar requests an issue is representative (A) unless it is complex.</summary>
    public int RepresentativeClusterSize { get; init; } = 5;

    /// <summary>With this many, it is A even when complex: a widely shared problem is a project, not a case.</summary>
    public int DominantClusterSize { get; init; } = 10;

    public static GradeOptions Default { get; } = new();
}
