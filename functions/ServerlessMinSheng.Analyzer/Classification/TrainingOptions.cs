using ServerlessMinSheng.Analyzer.Features;

namespace ServerlessMinSheng.Analyzer.Classification;

/// <summary>Everything that decides what a training run produces. Same options and data, same model.</summary>
public sealed record TrainingOptions
{
    public FeatureOptions Features { get; init; } = FeatureOptions.Default;

    /// <summary>SVM cost: higher fits the training data harder. Chosen once, not tuned per data set.</summary>
    public double Cost { get; init; } = 1.0;

    /// <summary>Upper bound on passes of dual coordinate descent; it usually converges sooner.</summary>
    public int MaxEpochs { get; init; } = 50;

    /// <summary>Seed of the example order; training is deterministic for a given seed.</summary>
    public int Seed { get; init; } = 20200101;

    /// <summary>
    /// Weight each class's examples by the inverse of its share, so small departments
    /// (交通运输 has a third of the examples of 城乡建设) are not drowned out; this is what
    /// macro-F1 rewards and what a small department's staff would want.
    /// </summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>
    /// Scale each feature by its naive-Bayes log-count ratio before the SVM sees it (NB-SVM,
    /// Wang and Manning 2012): words typical of a class start out with larger weight, which
    /// helps most when a class has few examples.
    /// </summary>
    public bool NaiveBayesScaling { get; init; } = true;

    /// <summary>Fit the confidence temperature on a held-out fifth (doubles training time; cross-validation skips it).</summary>
    public bool CalibrateConfidence { get; init; } = true;

    public static TrainingOptions Default { get; } = new();
}
