using ServerlessMinSheng.Analyzer.KeyPhrases;

namespace ServerlessMinSheng.Analyzer.Tests.KeyPhrases;

public class KeyPhraseTests
{
    private static readonly string[] Background =
    [
        "小区门口的路灯坏了，晚上很黑，希望尽快维修",
        "小区里垃圾没人清运，夏天很臭",
        "希望小区增加停车位，晚上回来没地方停",
        "学校门口接孩子的车太多，交通拥堵",
        "小区电梯经常坏，老人上下楼很不方便",
        "希望在小区里多种点树，夏天太晒",
        "小区物业不作为，楼道灯坏了没人修",
        "医院挂号太难，希望增加医生",
        "公交车站离小区太远，希望增设站点",
        "小区里有人遛狗不拴绳，孩子很害怕",
    ];

    private static CorpusStatistics Corpus()
    {
        var corpus = new CorpusStatistics();
        for (var i = 0; i < 3; i++)
        {
            corpus.AddRange(Background);
        }

        return corpus;
    }

    [Fact]
    public void ARepeatedDistinctivePhraseOfATextIsItsTopKeyPhrase()
    {
        var phrases = KeyPhraseExtractor.ForText("丽发新城附近的搅拌站噪音很大，搅拌站还有粉尘，请关停搅拌站", Corpus());
        Assert.Equal("搅拌站", phrases[0].Text);
    }

    [Fact]
    public void FragmentsOfALongerNameGiveWayToTheName()
    {
        var group = Enumerable.Range(0, 6).Select(i => $"伊景园滨河苑捆绑销售车位，第{i}次反映，开发商强制购买").ToList();
        var phrases = KeyPhraseExtractor.ForGroup(group, Corpus(), 3).Select(p => p.Text).ToList();
        Assert.Contains(phrases, p => p.Contains("伊景园滨河苑", StringComparison.Ordinal) || p.Contains("景园滨河苑", StringComparison.Ordinal));
        Assert.DoesNotContain("景园滨", phrases);
    }

    [Fact]
    public void AGroupIsLabelledByWhatItSharesNotByWhatTheCorpusSharesEverywhere()
    {
        var group = new[] { "小区旁边的搅拌站噪音扰民", "搅拌站半夜施工，小区居民睡不着", "强烈要求搬走小区附近的搅拌站" };
        var phrases = KeyPhraseExtractor.ForGroup(group, Corpus(), 2).Select(p => p.Text).ToList();
        Assert.Equal("搅拌站", phrases[0]);
        Assert.DoesNotContain("小区", phrases);
    }

    [Fact]
    public void StopWordsAndBareNumbersAreNeverKeyPhrases()
    {
        var phrases = KeyPhraseExtractor.ForText("我们希望能不能在2019年解决这个问题，我们希望2019").Select(p => p.Text);
        Assert.DoesNotContain(phrases, p => p.Contains("我们", StringComparison.Ordinal) || p.Contains("希望", StringComparison.Ordinal) || p == "2019");
    }

    [Fact]
    public void PhrasesNeverStartOrEndInsideANumber() =>
        Assert.DoesNotContain(KeyPhraseExtractor.ForText("离小区30米内有高压线，30米内有变电站", count: 10), p => p.Text.StartsWith('0'));

    [Theory]
    [InlineData("")]
    [InlineData("。。。！")]
    [InlineData("😀")]
    public void TextsWithoutWordsHaveNoKeyPhrases(string text) => Assert.Empty(KeyPhraseExtractor.ForText(text));

    [Fact]
    public void CorpusStatisticsSurviveARoundTripThroughTheirState()
    {
        var corpus = Corpus();
        var restored = CorpusStatistics.FromState(corpus.ToState());
        Assert.Equal(corpus.Documents, restored.Documents);
        Assert.Equal(KeyPhraseExtractor.ForText("小区搅拌站噪音", corpus), KeyPhraseExtractor.ForText("小区搅拌站噪音", restored));
    }
}
