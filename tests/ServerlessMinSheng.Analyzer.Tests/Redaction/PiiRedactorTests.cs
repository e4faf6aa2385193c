using ServerlessMinSheng.Analyzer.Redaction;

namespace ServerlessMinSheng.Analyzer.Tests.Redaction;

public class PiiRedactorTests
{
    private const int CasesPerKind = 300;
    private static readonly string[] Frames = ["我的{0}，请尽快处理", "{0}", "联系人王女士{0}谢谢", "住址是幸福小区，{0}。"];

    public static TheoryData<PiiKind> Kinds() => new(Enum.GetValues<PiiKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryGeneratedValueOfAKindIsRedactedWithTheRightKindAndSpan(PiiKind kind)
    {
        var generator = new PiiGenerator((int)kind + 1);
        for (var i = 0; i < CasesPerKind; i++)
        {
            var value = Generate(generator, kind);
            var frame = Frames[i % Frames.Length];
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, frame, value);
            var result = PiiRedactor.Redact(text);
            var span = Assert.Single(result.Spans);
            Assert.True(kind == span.Kind, $"{text}: found {span.Kind}, expected {kind}");
            Assert.Equal(value, text.Substring(span.Start, span.Length));
            Assert.DoesNotContain(value, result.Text, StringComparison.Ordinal);
            Assert.Contains(PiiRedactor.ReplacementFor(kind), result.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DatesTimesAmountsAndCountsAreNeverRedacted()
    {
        var generator = new PiiGenerator(99);
        for (var i = 0; i < 2000; i++)
        {
            var value = generator.NotPersonal();
            var text = $"居民反映{value}的情况";
            var result = PiiRedactor.Redact(text);
            Assert.True(result.Spans.Count == 0, $"false positive in '{text}': {string.Join(", ", result.Spans)}");
            Assert.Equal(text, result.Text);
        }
    }

    [Fact]
    public void EighteenDigitNumbersWithAWrongCheckCharacterAreNotIdNumbers()
    {
        var generator = new PiiGenerator(5);
        for (var i = 0; i < 300; i++)
        {
            var text = $"编号{generator.IdNumber(validChecksum: false)}";
            Assert.DoesNotContain(PiiRedactor.Redact(text).Spans, s => s.Kind == PiiKind.IdNumber);
        }
    }

    [Fact]
    public void CardLikeNumbersFailingLuhnAreNotRedacted()
    {
        var generator = new PiiGenerator(6);
        for (var i = 0; i < 300; i++)
        {
            var text = $"订单号{generator.BankCard(validLuhn: false, grouped: i % 2 == 0)}已提交";
            Assert.Empty(PiiRedactor.Redact(text).Spans);
        }
    }

    [Fact]
    public void FullWidthDigitsAreRedactedWithSpansIntoTheOriginalText()
    {
        const string text = "电话１３８１２３４５６７８，谢谢";
        var result = PiiRedactor.Redact(text);
        var span = Assert.Single(result.Spans);
        Assert.Equal("１３８１２３４５６７８", text.Substring(span.Start, span.Length));
        Assert.Equal("电话[电话]，谢谢", result.Text);
    }

    [Fact]
    public void SeveralKindsInOneTextAreAllRedactedInOrder()
    {
        var result = PiiRedactor.Redact("张三，手机13812345678，身份证11010519491231002X，住3号楼2单元501室，车牌京A12345，邮箱zhang.san@qq.com，2019年3月5日付了12000元");
        Assert.Equal(
            [PiiKind.MobilePhone, PiiKind.IdNumber, PiiKind.UnitAddress, PiiKind.LicencePlate, PiiKind.Email],
            result.Spans.Select(s => s.Kind));
        Assert.EndsWith("2019年3月5日付了12000元", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ABareNumberAfterAPhoneWordIsALandline() =>
        Assert.Equal(PiiKind.Landline, Assert.Single(PiiRedactor.Redact("座机电话：87654321").Spans).Kind);

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("😀😀")]
    public void TextWithoutPersonalDataComesBackUnchanged(string? text) =>
        Assert.Equal(text ?? string.Empty, PiiRedactor.Redact(text).Text);

    private static string Generate(PiiGenerator generator, PiiKind kind) => kind switch
    {
        PiiKind.MobilePhone => generator.Mobile(),
        PiiKind.Landline => generator.Landline(),
        PiiKind.IdNumber => generator.IdNumber(),
        PiiKind.Email => generator.Email(),
        PiiKind.BankCard => generator.BankCard(grouped: generator.Digits(1)[0] < '5'),
        PiiKind.LicencePlate => generator.Plate(),
        PiiKind.UnitAddress => generator.UnitAddress(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
