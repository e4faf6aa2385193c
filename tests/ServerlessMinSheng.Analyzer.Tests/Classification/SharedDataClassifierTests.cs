using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Evaluation;
using ServerlessMinSheng.Analyzer.Tests.Support;

namespace ServerlessMinSheng.Analyzer.Tests.Classification;

/// <summary>One train/test split of the real data: a guard against a regression, not the reported figures (those come from `cv`).</summary>
public class SharedDataClassifierTests
{
    [SharedDataFact]
    public void AModelTrainedOnFourFifthsOfTheRawDataScoresAboveEightySevenOnTheRest()
    {
        var examples = ReadRaw();
        var folds = CrossValidator.AssignFolds(examples, 5, 11);
        var train = examples.Where((_, i) => folds[i] != 0).ToList();
        var test = examples.Where((_, i) => folds[i] == 0).ToList();
        var model = ClassifierTrainer.Train(train, TrainingOptions.Default with { CalibrateConfidence = false });
        var report = ClassificationReport.From(test.Select(e => (e.Label, model.Predict(e.Text).Label)));
        Assert.True(report.MacroF1 > 0.87, report.ToMarkdown());
        Assert.Equal(7, model.Labels.Count);
    }

    // The raw file is the smaller one; the segmented file would make this the slowest test by far.
    private static List<LabeledText> ReadRaw() =>
        File.ReadLines(SharedData.File("train_raw.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Select(f => new LabeledText(f[4], f[1]))
            .ToList();
}
