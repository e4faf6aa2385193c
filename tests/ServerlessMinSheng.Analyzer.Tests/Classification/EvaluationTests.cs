using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Evaluation;
using ServerlessMinSheng.Analyzer.Tests.Support;

namespace ServerlessMinSheng.Analyzer.Tests.Classification;

public class EvaluationTests
{
    [Fact]
    public void ReportComputesAccuracyMacroF1AndTheConfusionMatrix()
    {
        var report = ClassificationReport.From([("a", "a"), ("a", "a"), ("a", "b"), ("b", "b"), ("b", (string?)null)]);
        Assert.Equal(0.6, report.Accuracy, 10);
        Assert.Equal(2, report.Confusion[0, 0]);
        Assert.Equal(1, report.Confusion[0, 1]);
        var a = report.PerClass[0];
        Assert.Equal((1.0, 2.0 / 3), (a.Precision, a.Recall));
        var b = report.PerClass[1];
        Assert.Equal((0.5, 0.5), (b.Precision, b.Recall));
        Assert.Equal((0.8 + 0.5) / 2, report.MacroF1, 10);
    }

    [Fact]
    public void FoldsAreStratifiedAndCoverEveryExampleOnce()
    {
        var examples = SyntheticRequests.Generate(25);
        var folds = CrossValidator.AssignFolds(examples, 5, 1);
        foreach (var label in examples.Select(e => e.Label).Distinct())
        {
            var perFold = Enumerable.Range(0, 5).Select(f => examples.Where((e, i) => e.Label == label && folds[i] == f).Count());
            Assert.All(perFold, count => Assert.Equal(5, count));
        }
    }

    [Fact]
    public void CrossValidationOfSeparableTopicsIsNearlyPerfect()
    {
        var result = CrossValidator.Run(SyntheticRequests.Generate(30), 3, SyntheticRequests.SmallDataOptions);
        Assert.True(result.Pooled.MacroF1 > 0.9, result.Pooled.ToMarkdown());
        Assert.Equal(3, result.FoldMacroF1.Count);
    }

    [Fact]
    public void MarkdownReportHasATableRowPerClass()
    {
        var markdown = ClassificationReport.From([("交通运输", "交通运输"), ("教育文体", "交通运输")]).ToMarkdown();
        Assert.Contains("| 交通运输 | 0.5000 | 1.0000 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 教育文体 | 1 | 0 |", markdown, StringComparison.Ordinal);
    }
}
