using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Taxonomies;

namespace ServerlessMinSheng.Analyzer.Tests.Taxonomies;

public class TaxonomyTests
{
    private static readonly TextClassifier Themes = ThemeModel.Train();

    [Fact]
    public void TheSevenDepartmentsShipAsData() =>
        Assert.Equal(["城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生"], Taxonomy.Departments.Categories.Select(c => c.Name));

    [Fact]
    public void TheSixYizhuangThemesShipAsData() =>
        Assert.Equal(["平安", "智慧", "健康", "活力", "文明", "宜居"], Taxonomy.Themes.Categories.Select(c => c.Name));

    [Fact]
    public void TheSeedSetHasAtLeastSixtyDistinctExamplesForEveryTheme()
    {
        var seed = Taxonomy.ThemeSeed();
        Assert.Equal(seed.Count, seed.Select(e => e.Text).Distinct().Count());
        foreach (var theme in Taxonomy.Themes.Categories)
        {
            Assert.True(seed.Count(e => e.Label == theme.Name) >= 60, theme.Name);
        }

        Assert.All(seed, e => Assert.NotNull(Taxonomy.Themes.FindByName(e.Label)));
    }

    [Fact]
    public void TheThemeModelKnowsExactlyTheSixThemes() =>
        Assert.Equal(Taxonomy.Themes.Categories.Select(c => c.Name).Order(), Themes.Labels.Order());

    // Requests written for this test, not taken from the seed set.
    [Theory]
    [InlineData("楼道里堆满电动车和纸箱，着火了根本跑不出去", "平安")]
    [InlineData("晚上有小偷撬车，希望小区多装几个摄像头", "平安")]
    [InlineData("能不能在小区里装几个新能源汽车充电桩", "智慧")]
    [InlineData("希望社区办事能在手机上预约，不用排队", "智慧")]
    [InlineData("社区卫生站能不能给老人定期量血压做体检", "健康")]
    [InlineData("希望多请剧团来社区演几场京剧", "活力")]
    [InlineData("暑假能不能给孩子们办个兴趣班", "活力")]
    [InlineData("养狗的人不拴绳也不捡狗屎", "文明")]
    [InlineData("小区的下水道总是堵，路面坑坑洼洼", "宜居")]
    [InlineData("希望小区里多放几把长椅，再种点树", "宜居")]
    public void AFreshInstallClassifiesPlainRequestsIntoSensibleThemes(string text, string theme) =>
        Assert.Equal(theme, Themes.Predict(text).Label);
}
