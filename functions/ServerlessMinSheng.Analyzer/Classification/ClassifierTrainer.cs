using System.Reflection;
using ServerlessMinSheng.Analyzer.Features;

namespace ServerlessMinSheng.Analyzer.Classification;

/// <summary>Trains a <see cref="TextClassifier"/> from labelled texts.</summary>
public static class ClassifierTrainer
{
    public static string AnalyzerVersion { get; } =
        typeof(ClassifierTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";

    public static TextClassifier Train(
        IReadOnlyList<LabeledText> examples, TrainingOptions? options = null, string name = "classifier",
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= TrainingOptions.Default;
        var usable = examples.Where(e => !string.IsNullOrWhiteSpace(e.Label) && Text.TextNormalizer.HasContent(e.Text)).ToList();
        var labels = usable.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (labels.Length < 2)
        {
            throw new ArgumentException($"Training needs at least two labels with text; got {labels.Length}.", nameof(examples));
        }

        var labelIndex = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var targets = usable.Select(e => labelIndex[e.Label]).ToArray();
        var vectorizer = TfIdfVectorizer.Fit(usable.Select(e => e.Text).ToArray(), options.Features);
        var vectors = Vectorize(vectorizer, usable.Select(e => e.Text).ToArray());

        var scale = !options.CalibrateConfidence ? 5.0 : CalibrateScale(vectors, targets, labels.Length, vectorizer.Vocabulary.Count, options);
        var (weights, bias) = Fit(vectors, targets, labels.Length, vectorizer.Vocabulary.Count, options);
        // Milliseconds are what the model file keeps.
        var trainedAt = DateTimeOffset.FromUnixTimeMilliseconds((time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds());
        var info = new ModelInfo(name, usable.Count, trainedAt, AnalyzerVersion);
        return new TextClassifier(vectorizer, labels, weights, bias, (float)scale, info);
    }

    internal static SparseVector[] Vectorize(TfIdfVectorizer vectorizer, IReadOnlyList<string> texts)
    {
        var vectors = new SparseVector[texts.Count];
        Parallel.For(0, texts.Count, i => vectors[i] = vectorizer.Transform(texts[i]));
        return vectors;
    }

    /// <summary>One-vs-rest SVMs, one per label, trained in parallel; the result is laid out feature-major.</summary>
    internal static (float[] Weights, float[] Bias) Fit(
        IReadOnlyList<SparseVector> vectors, int[] targets, int classes, int dimension, TrainingOptions options)
    {
        var counts = new int[classes];
        foreach (var t in targets)
        {
            counts[t]++;
        }

        var cost = targets
            .Select(t => options.BalanceClasses ? options.Cost * targets.Length / (classes * (double)Math.Max(1, counts[t])) : options.Cost)
            .ToArray();
        var perClass = new float[classes][];
        var bias = new float[classes];
        Parallel.For(0, classes, k =>
        {
            var positive = targets.Select(t => t == k).ToArray();
            var scale = options.NaiveBayesScaling ? NaiveBayesRatios.For(vectors, positive, dimension) : null;
            (perClass[k], bias[k]) = LinearSvmTrainer.Train(vectors, positive, cost, dimension, options.MaxEpochs, options.Seed + k, scale);
        });

        var weights = new float[dimension * classes];
        for (var k = 0; k < classes; k++)
        {
            for (var f = 0; f < dimension; f++)
            {
                weights[(f * classes) + k] = perClass[k][f];
            }
        }

        return (weights, bias);
    }

    /// <summary>
    /// SVM scores are not probabilities. Staff see a confidence, so it must mean something: hold
    /// out a fifth of the data, train on the rest, and pick the softmax temperature that makes
    /// the held-out predictions best calibrated (least log loss). The vocabulary was learnt from
    /// all the data, held-out fifth included; that leaks a little (confidences come out slightly
    /// high) but saves a second feature pass.
    /// </summary>
    private static double CalibrateScale(
        SparseVector[] vectors, int[] targets, int classes, int dimension, TrainingOptions options)
    {
        var holdOut = Enumerable.Range(0, vectors.Length).Where(i => i % 5 == 2).ToArray();
        var train = Enumerable.Range(0, vectors.Length).Where(i => i % 5 != 2).ToArray();
        if (holdOut.Length < classes)
        {
            return 5.0;
        }

        var (weights, bias) = Fit(train.Select(i => vectors[i]).ToArray(), train.Select(i => targets[i]).ToArray(), classes, dimension, options);
        var scores = holdOut.Select(i => ScoreDense(vectors[i], weights, bias, classes)).ToArray();
        var heldTargets = holdOut.Select(i => targets[i]).ToArray();
        return ConfidenceCalibration.FitScale(scores, heldTargets);
    }

    internal static double[] ScoreDense(SparseVector vector, float[] weights, float[] bias, int classes)
    {
        var scores = new double[classes];
        for (var k = 0; k < classes; k++)
        {
            scores[k] = bias[k];
        }

        for (var i = 0; i < vector.Count; i++)
        {
            var offset = vector.Indices[i] * classes;
            for (var k = 0; k < classes; k++)
            {
                scores[k] += weights[offset + k] * vector.Values[i];
            }
        }

        return scores;
    }
}
