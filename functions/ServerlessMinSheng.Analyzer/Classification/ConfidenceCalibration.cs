namespace ServerlessMinSheng.Analyzer.Classification;

/// <summary>Fits the softmax temperature that turns SVM scores into calibrated probabilities.</summary>
internal static class ConfidenceCalibration
{
    /// <summary>Golden-section search of the scale minimising mean log loss (it is unimodal in the scale).</summary>
    public static double FitScale(IReadOnlyList<double[]> scores, IReadOnlyList<int> targets)
    {
        double lo = 0.1, hi = 60.0;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = hi - (ratio * (hi - lo));
        var b = lo + (ratio * (hi - lo));
        double fa = LogLoss(scores, targets, a), fb = LogLoss(scores, targets, b);
        for (var iteration = 0; iteration < 60; iteration++)
        {
            if (fa < fb)
            {
                hi = b;
                b = a;
                fb = fa;
                a = hi - (ratio * (hi - lo));
                fa = LogLoss(scores, targets, a);
            }
            else
            {
                lo = a;
                a = b;
                fa = fb;
                b = lo + (ratio * (hi - lo));
                fb = LogLoss(scores, targets, b);
            }
        }

        return (lo + hi) / 2;
    }

    private static double LogLoss(IReadOnlyList<double[]> scores, IReadOnlyList<int> targets, double scale)
    {
        var total = 0.0;
        for (var i = 0; i < scores.Count; i++)
        {
            var p = TextClassifier.Softmax(scores[i], scale)[targets[i]];
            total -= Math.Log(Math.Max(p, 1e-12));
        }

        return total / scores.Count;
    }
}
