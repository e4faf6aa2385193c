using ServerlessMinSheng.Analyzer.Text;

namespace ServerlessMinSheng.Analyzer.Tests.Text;

public class TextNormalizerTests
{
    [Fact]
    public void FullWidthDigitsAndLettersBecomeHalfWidthLowerCase() =>
        Assert.Equal("a1区3号楼 abc", TextNormalizer.Normalize("Ａ１区３号楼\u3000ＡＢＣ"));

    [Fact]
    public void TraditionalCharactersBecomeSimplified() =>
        Assert.Equal("学校门口的交通问题", TextNormalizer.Normalize("學校門口的交通問題"));

    [Fact]
    public void MixedTraditionalAndSimplifiedTextNormalizesToOneForm() =>
        Assert.Equal(TextNormalizer.Normalize("小区电梯坏了"), TextNormalizer.Normalize("小區電梯坏了"));

    [Fact]
    public void NoTraditionalCharacterMapsToItselfOrToAnotherTraditionalKey()
    {
        foreach (var (traditional, simplified) in TraditionalToSimplified.Table)
        {
            Assert.NotEqual(traditional, simplified);
            Assert.False(TraditionalToSimplified.Table.ContainsKey(simplified), $"{simplified} is both a target and a key");
        }
    }

    [Fact]
    public void ControlCharactersAndWhitespaceRunsCollapseToOneSpace() =>
        Assert.Equal("a b c", TextNormalizer.Normalize("  a\t\r\n b \u0001 c  "));

    [Fact]
    public void OverlongTextIsCutToTheLimit() =>
        Assert.Equal(TextNormalizer.MaxCharacters, TextNormalizer.Normalize(new string('路', 100_000)).Length);

    [Theory]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("！？。，……", false)]
    [InlineData("😀🙏👍", false)]
    [InlineData("😀路灯", true)]
    [InlineData("a", true)]
    public void OnlyTextWithLettersDigitsOrHanHasContent(string? text, bool expected) =>
        Assert.Equal(expected, TextNormalizer.HasContent(text));
}
