using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Tests.Support;

namespace ServerlessMinSheng.Analyzer.Tests.Classification;

public class ClassifierTests
{
    private static readonly TextClassifier Model = ClassifierTrainer.Train(SyntheticRequests.Generate(40), SyntheticRequests.SmallDataOptions, "synthetic");

    [Theory]
    [InlineData("公交车站台太远了", "交通运输")]
    [InlineData("孩子的学校老师不负责", "教育文体")]
    [InlineData("医院挂号排队太久", "卫生计生")]
    public void UnseenTextsGetTheLabelOfTheirTopic(string text, string expected) =>
        Assert.Equal(expected, Model.Predict(text).Label);

    [Fact]
    public void SegmentedAndRawFormsOfATextGetTheSameLabel() =>
        Assert.Equal(Model.Predict("医院 挂号 排队 太久").Label, Model.Predict("医院挂号排队太久").Label);

    [Fact]
    public void ConfidencesAreProbabilitiesThatSumToOne()
    {
        var prediction = Model.Predict("地铁线路太少");
        Assert.InRange(prediction.Confidence, 1.0 / 3, 1.0);
        Assert.Equal(1.0, prediction.Ranking.Sum(r => r.Probability), 6);
        Assert.Equal(prediction.Label, prediction.Ranking[0].Label);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("！？。。。")]
    [InlineData("😀😀🙏")]
    public void TextWithoutContentIsUnclassifiedRatherThanGuessed(string text)
    {
        var prediction = Model.Predict(text);
        Assert.False(prediction.IsClassified);
        Assert.Equal(0, prediction.Confidence);
    }

    [Fact]
    public void AHundredThousandCharacterTextIsClassified() =>
        Assert.Equal("交通运输", Model.Predict(string.Concat(Enumerable.Repeat("公交车站台", 20_000))).Label);

    [Fact]
    public void TraditionalAndFullWidthInputIsClassifiedLikeItsSimplifiedForm() =>
        Assert.Equal(Model.Predict("医院看病挂号难").Label, Model.Predict("醫院看病掛號難").Label);

    [Fact]
    public void TrainingIsDeterministic()
    {
        var again = ClassifierTrainer.Train(SyntheticRequests.Generate(40), SyntheticRequests.SmallDataOptions, "synthetic");
        Assert.Equal(ModelSerializer.ToBytes(Model).Length, ModelSerializer.ToBytes(again).Length);
        Assert.Equal(Model.Predict("学校门口的公交车").Ranking, again.Predict("学校门口的公交车").Ranking);
    }

    [Theory]
    [InlineData("公交车站台太远了，司机态度差")]
    [InlineData("医院 挂号 医院 挂号 医生")]
    [InlineData("Ａ１区學校门口 2019年")]
    public void TheFastScoringPathAgreesWithTheTrainingVectors(string text)
    {
        var fast = Model.Scores(text);
        var slow = ClassifierTrainer.ScoreDense(Model.Vectorizer.Transform(text), Model.Weights.ToArray(), Model.Bias.ToArray(), Model.Labels.Count);
        for (var k = 0; k < fast.Length; k++)
        {
            Assert.Equal(slow[k], fast[k], 5);
        }
    }

    [Fact]
    public void TrainingWithOneLabelIsRejected() =>
        Assert.Throws<ArgumentException>(() => ClassifierTrainer.Train([new LabeledText("路灯坏了", "城乡建设"), new LabeledText("井盖丢了", "城乡建设")]));
}
