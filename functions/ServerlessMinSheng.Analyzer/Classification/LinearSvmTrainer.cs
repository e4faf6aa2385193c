using ServerlessMinSheng.Analyzer.Features;

namespace ServerlessMinSheng.Analyzer.Classification;

/// <summary>
/// Binary L2-regularised, L2-loss linear SVM trained by dual coordinate descent (Hsieh et al.,
/// ICML 2008, the LIBLINEAR default). It converges in a handful of passes over sparse text
/// features and, unlike SGD, needs no learning-rate schedule, so results are reproducible.
/// The bias is learnt as the weight of a constant feature.
/// </summary>
internal static class LinearSvmTrainer
{
    private const double Tolerance = 0.05;

    public static (float[] Weights, float Bias) Train(
        IReadOnlyList<SparseVector> examples, bool[] positive, double[] cost, int dimension, int maxEpochs, int seed,
        float[]? featureScale = null)
    {
        var n = examples.Count;
        var w = new double[dimension];
        var bias = 0.0;
        var alpha = new double[n];
        var diag = new double[n];
        var qii = new double[n];
        for (var i = 0; i < n; i++)
        {
            diag[i] = 0.5 / cost[i];
            qii[i] = ScaledSquaredNorm(examples[i], featureScale) + 1.0 + diag[i];
        }

        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(seed);
        for (var epoch = 0; epoch < maxEpochs; epoch++)
        {
            random.Shuffle(order);
            double maxPg = double.NegativeInfinity, minPg = double.PositiveInfinity;
            foreach (var i in order)
            {
                var x = examples[i];
                double y = positive[i] ? 1 : -1;
                var margin = bias;
                for (var k = 0; k < x.Count; k++)
                {
                    margin += w[x.Indices[k]] * Value(x, k, featureScale);
                }

                var g = (y * margin) - 1.0 + (diag[i] * alpha[i]);
                var pg = alpha[i] == 0 ? Math.Min(g, 0) : g;
                maxPg = Math.Max(maxPg, pg);
                minPg = Math.Min(minPg, pg);
                if (Math.Abs(pg) < 1e-12)
                {
                    continue;
                }

                var old = alpha[i];
                alpha[i] = Math.Max(old - (g / qii[i]), 0);
                var step = (alpha[i] - old) * y;
                for (var k = 0; k < x.Count; k++)
                {
                    w[x.Indices[k]] += step * Value(x, k, featureScale);
                }

                bias += step;
            }

            if (maxPg - minPg < Tolerance)
            {
                break;
            }
        }

        // The model was learnt on scaled features; folding the scale into the weights lets
        // prediction use the plain TF-IDF vector.
        return (w.Select((v, j) => (float)(v * (featureScale?[j] ?? 1f))).ToArray(), (float)bias);
    }

    private static double Value(SparseVector x, int k, float[]? scale) =>
        scale is null ? x.Values[k] : x.Values[k] * scale[x.Indices[k]];

    private static double ScaledSquaredNorm(SparseVector x, float[]? scale)
    {
        var sum = 0.0;
        for (var k = 0; k < x.Count; k++)
        {
            var v = Value(x, k, scale);
            sum += v * v;
        }

        return sum;
    }
}
