using ServerlessMinSheng.Analyzer.Features;

namespace ServerlessMinSheng.Analyzer.Classification;

/// <summary>Per-feature log-count ratios of one class against the rest (the NB in NB-SVM).</summary>
internal static class NaiveBayesRatios
{
    private const double Smoothing = 1.0;

    /// <summary>
    /// |r| rather than r: the sign is left for the SVM to learn, the ratio only says how much a
    /// feature discriminates, so features that mark "not this class" keep their strength too.
    /// </summary>
    public static float[] For(IReadOnlyList<SparseVector> vectors, bool[] positive, int dimension)
    {
        var p = new double[dimension];
        var q = new double[dimension];
        for (var i = 0; i < vectors.Count; i++)
        {
            var target = positive[i] ? p : q;
            foreach (var index in vectors[i].Indices)
            {
                target[index] += 1;
            }
        }

        double pSum = p.Sum() + (Smoothing * dimension), qSum = q.Sum() + (Smoothing * dimension);
        var ratios = new float[dimension];
        for (var j = 0; j < dimension; j++)
        {
            var r = Math.Log((p[j] + Smoothing) / pSum) - Math.Log((q[j] + Smoothing) / qSum);
            ratios[j] = (float)Math.Abs(r);
        }

        return ratios;
    }
}
