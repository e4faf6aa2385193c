using ServerlessMinSheng.Analyzer.Classification;

namespace ServerlessMinSheng.Analyzer.Evaluation;

/// <summary>The pooled out-of-fold report and each fold's own macro-F1.</summary>
public sealed record CrossValidationResult(
    ClassificationReport Pooled, IReadOnlyList<double> FoldMacroF1, IReadOnlyList<double> FoldAccuracy,
    IReadOnlyList<string?> OutOfFoldPredictions);

/// <summary>
/// Stratified k-fold cross-validation. The vocabulary and idf are learnt inside each fold, so
/// no statistic of the test fold leaks into its model.
/// </summary>
public static class CrossValidator
{
    public static CrossValidationResult Run(IReadOnlyList<LabeledText> examples, int folds, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        var fold = AssignFolds(examples, folds, options.Seed);
        var predicted = new string?[examples.Count];
        var foldF1 = new List<double>();
        var foldAccuracy = new List<double>();
        var noCalibration = options with { CalibrateConfidence = false };
        for (var f = 0; f < folds; f++)
        {
            var train = examples.Where((_, i) => fold[i] != f).ToList();
            var testIndices = Enumerable.Range(0, examples.Count).Where(i => fold[i] == f).ToArray();
            var model = ClassifierTrainer.Train(train, noCalibration, "cv");
            Parallel.ForEach(testIndices, i => predicted[i] = model.Predict(examples[i].Text).Label);
            var report = ClassificationReport.From(testIndices.Select(i => (examples[i].Label, predicted[i])));
            foldF1.Add(report.MacroF1);
            foldAccuracy.Add(report.Accuracy);
        }

        var pooled = ClassificationReport.From(examples.Select((e, i) => (e.Label, predicted[i])));
        return new CrossValidationResult(pooled, foldF1, foldAccuracy, predicted);
    }

    /// <summary>Shuffles each class with a fixed seed and deals its examples round-robin to the folds.</summary>
    internal static int[] AssignFolds(IReadOnlyList<LabeledText> examples, int folds, int seed)
    {
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), "Cross-validation needs at least two folds.");
        }

        var fold = new int[examples.Count];
        var random = new Random(seed);
        var next = 0;
        foreach (var group in examples.Select((e, i) => (e.Label, i)).GroupBy(p => p.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.Select(p => p.i).ToArray();
            random.Shuffle(members);
            foreach (var i in members)
            {
                fold[i] = next++ % folds;
            }
        }

        return fold;
    }
}
