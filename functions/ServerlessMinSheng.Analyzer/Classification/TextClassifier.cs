using ServerlessMinSheng.Analyzer.Features;
using ServerlessMinSheng.Analyzer.Text;

namespace ServerlessMinSheng.Analyzer.Classification;

/// <summary>
/// A trained linear classifier over TF-IDF n-gram features. Immutable after construction, so
/// one instance serves any number of threads.
/// </summary>
public sealed class TextClassifier
{
    // Weights are laid out feature-major (feature * classes + class) so that scoring touches
    // one contiguous block per feature of the text.
    private readonly float[] _weights;
    private readonly float[] _bias;

    // For scoring: per feature its idf followed by its class weights, so the two reads of a
    // feature hit one cache line instead of two arrays (this is what limits throughput).
    private readonly float[] _rows;

    internal TextClassifier(
        TfIdfVectorizer vectorizer, IReadOnlyList<string> labels, float[] weights, float[] bias,
        float confidenceScale, ModelInfo info)
    {
        if (weights.Length != vectorizer.Vocabulary.Count * labels.Count || bias.Length != labels.Count)
        {
            throw new ArgumentException("Weights do not match the vocabulary and labels.", nameof(weights));
        }

        Vectorizer = vectorizer;
        Labels = labels;
        _weights = weights;
        _bias = bias;
        _rows = InterleaveIdf(vectorizer.Vocabulary.Idf, weights, labels.Count);
        ConfidenceScale = confidenceScale;
        Info = info;
    }

    public IReadOnlyList<string> Labels { get; }

    public ModelInfo Info { get; }

    /// <summary>Number of n-gram features in the vocabulary.</summary>
    public int FeatureCount => Vectorizer.Vocabulary.Count;

    internal TfIdfVectorizer Vectorizer { get; }

    /// <summary>Softmax temperature fitted on held-out data at training time (see ClassifierTrainer).</summary>
    public float ConfidenceScale { get; }

    internal ReadOnlySpan<float> Weights => _weights;

    internal ReadOnlySpan<float> Bias => _bias;

    public Prediction Predict(string? text)
    {
        if (!TextNormalizer.HasContent(text))
        {
            return Prediction.Unclassified;
        }

        return ToPrediction(Scores(text));
    }

    /// <summary>Raw decision values, one per label, in <see cref="Labels"/> order.</summary>
    internal double[] Scores(string? text)
    {
        var scores = new double[Labels.Count];
        Vectorizer.Score(text, _rows, _bias, scores);
        return scores;
    }

    private Prediction ToPrediction(double[] scores)
    {
        var probabilities = Softmax(scores, ConfidenceScale);
        var ranking = new LabelScore[scores.Length];
        for (var k = 0; k < scores.Length; k++)
        {
            ranking[k] = new LabelScore(Labels[k], probabilities[k]);
        }

        Array.Sort(ranking, (a, b) => b.Probability.CompareTo(a.Probability));
        return new Prediction(ranking[0].Label, ranking[0].Probability, ranking);
    }

    private static float[] InterleaveIdf(float[] idf, float[] weights, int classes)
    {
        var stride = classes + 1;
        var rows = new float[idf.Length * stride];
        for (var f = 0; f < idf.Length; f++)
        {
            rows[f * stride] = idf[f];
            Array.Copy(weights, f * classes, rows, (f * stride) + 1, classes);
        }

        return rows;
    }

    internal static double[] Softmax(double[] scores, double scale)
    {
        var max = scores.Max();
        var result = new double[scores.Length];
        var sum = 0.0;
        for (var k = 0; k < scores.Length; k++)
        {
            result[k] = Math.Exp(scale * (scores[k] - max));
            sum += result[k];
        }

        for (var k = 0; k < scores.Length; k++)
        {
            result[k] /= sum;
        }

        return result;
    }
}

/// <summary>What a model file says about itself.</summary>
public sealed record ModelInfo(string Name, int ExampleCount, DateTimeOffset TrainedAt, string AnalyzerVersion);
