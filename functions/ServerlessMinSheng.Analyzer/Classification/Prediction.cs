namespace ServerlessMinSheng.Analyzer.Classification;

/// <summary>One label with its calibrated probability.</summary>
public sealed record LabelScore(string Label, double Probability);

/// <summary>
/// The classifier's answer. <see cref="Label"/> is null when the text holds nothing to classify
/// (empty, only punctuation or emoji): a defined "unclassified" result staff must look at,
/// never a guess dressed up as an answer.
/// </summary>
public sealed record Prediction(string? Label, double Confidence, IReadOnlyList<LabelScore> Ranking)
{
    public static Prediction Unclassified { get; } = new(null, 0, []);

    public bool IsClassified => Label is not null;
}

/// <summary>A training or evaluation example.</summary>
public sealed record LabeledText(string Text, string Label);
