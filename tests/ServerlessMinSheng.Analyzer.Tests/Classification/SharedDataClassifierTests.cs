using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Evaluation;
using ServerlessMinSheng.Analyzer.Tests.Support;

namespace ServerlessMinSheng.Analyzer.Tests.Classification;

/// <summary>One train/test split of the real data: a guard against a regression, not the reported figures (those come from `cv`).</summary>
public class SharedDataClassifierTests
{
    [SharedDataFact]
    public void AModelTrainedOnFourFifthsOfTheSegmentedDataScoresAboveNinetyOnTheRest()
    {
        var examples = ReadSegmented();
        var folds = CrossValidator.AssignFolds(examples, 5, 11);
        var train = examples.Where((_, i) => folds[i] != 0).ToList();
        var test = examples.Where((_, i) => folds[i] == 0).ToList();
        var model = ClassifierTrainer.Train(train, TrainingOptions.Default with { CalibrateConfidence = false });
        var report = ClassificationReport.From(test.Select(e => (e.Label, model.Predict(e.Text).Label)));
        Assert.True(report.MacroF1 > 0.90, report.ToMarkdown());
        Assert.Equal(7, model.Labels.Count);
    }

    private static List<LabeledText> ReadSegmented() =>
        File.ReadLines(SharedData.File("train_segmented.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Select(f => new LabeledText(f[2], f[1]))
            .ToList();
}
