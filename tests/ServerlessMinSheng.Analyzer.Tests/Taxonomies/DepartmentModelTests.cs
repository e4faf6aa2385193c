using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Taxonomies;
using ServerlessMinSheng.Analyzer.Tests.Support;

namespace ServerlessMinSheng.Analyzer.Tests.Taxonomies;

public class DepartmentModelTests
{
    private static readonly TextAnalyzer Fresh = TextAnalyzer.CreateDefault();

    [Fact]
    public void TheSeedSetHasAtLeastSixtyDistinctExamplesForEveryDepartmentAndNoUnknownLabel()
    {
        var seed = Taxonomy.DepartmentSeed();
        Assert.Equal(seed.Count, seed.Select(e => e.Text).Distinct().Count());
        foreach (var department in Taxonomy.Departments.Labels)
        {
            Assert.True(seed.Count(e => e.Label == department) >= 60, department);
        }

        Assert.All(seed, e => Assert.Contains(e.Label, Taxonomy.Departments.Labels));
        Assert.All(seed, e => Assert.False(string.IsNullOrWhiteSpace(e.Text)));
    }

    [Fact]
    public void AFreshAnalyzerHasADepartmentModelForExactlyTheSevenDepartments() =>
        Assert.Equal(Taxonomy.Departments.Labels.Order(), Fresh.Departments.Labels.Order());

    // Requests written for this test, not taken from the seed set.
    [Theory]
    [InlineData("我们楼的电梯又坏了，物业一直拖着不修", "城乡建设")]
    [InlineData("交房三年了还拿不到不动产证", "城乡建设")]
    [InlineData("隔壁工厂半夜排放废气，臭得睡不着", "环境保护")]
    [InlineData("河里漂满了垃圾，水都发臭了", "环境保护")]
    [InlineData("这路公交车四十分钟才来一趟", "交通运输")]
    [InlineData("出租车司机不打表乱要价", "交通运输")]
    [InlineData("孩子小学入学被划到很远的学校", "教育文体")]
    [InlineData("老板拖欠我们半年工资不发", "劳动和社会保障")]
    [InlineData("退休后的养老金什么时候调整", "劳动和社会保障")]
    [InlineData("办的健身卡没用几次店就关门跑路了", "商贸旅游")]
    [InlineData("景区门票太贵，里面还乱收费", "商贸旅游")]
    [InlineData("医院挂号排队一上午，医生态度还很差", "卫生计生")]
    [InlineData("孩子打疫苗要排很久的队", "卫生计生")]
    public void AFreshInstallRoutesPlainRequestsToTheRightDepartment(string text, string department) =>
        Assert.Equal(department, Fresh.Analyze(Guid.NewGuid().ToString(), text, DateTimeOffset.UnixEpoch).Department.Label);

    [Fact]
    public void AStaffCorrectionChangesThePredictionForTheCorrectedText()
    {
        // A prepaid-fee complaint about a driving school: the seed model sees 驾校 and says
        // 交通运输; suppose this town's staff route such disputes to 商贸旅游 (consumer rights).
        const string text = "驾校倒闭了，我们交的学车费用没人退";
        Assert.NotEqual("商贸旅游", Fresh.ClassifyDepartment(text).Label);

        var corrected = DepartmentModel.Train([new LabeledText(text, "商贸旅游")]);

        Assert.Equal("商贸旅游", corrected.Predict(text).Label);
    }

    [Fact]
    public void ACorrectionReplacesASeedExampleWithTheSameText()
    {
        var seedExample = Taxonomy.DepartmentSeed()[0];
        var merged = SeedExamples.With(Taxonomy.DepartmentSeed(), [seedExample with { Label = "环境保护", Text = " " + seedExample.Text }], Taxonomy.Departments);

        Assert.Equal(Taxonomy.DepartmentSeed().Count, merged.Count);
        Assert.Single(merged, e => e.Text.Trim() == seedExample.Text);
        Assert.Equal("环境保护", merged[^1].Label);
    }

    [Fact]
    public void ACorrectionWithALabelOutsideTheTaxonomyIsRefusedWithTheKnownLabelsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => DepartmentModel.Train([new LabeledText("派出所不受理报案", "公安")]));
        Assert.Contains("'公安'", error.Message, StringComparison.Ordinal);
        Assert.Contains("城乡建设", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedTrainingIsDeterministic() =>
        Assert.Equal(
            ModelSerializer.ToBytes(DepartmentModel.Train(time: FixedTime.Epoch2020)),
            ModelSerializer.ToBytes(DepartmentModel.Train(time: FixedTime.Epoch2020)));

    [Fact]
    public void AGivenDepartmentModelIsUsedInsteadOfTheSeedModel()
    {
        var given = ClassifierTrainer.Train(SyntheticRequests.Generate(20), SyntheticRequests.SmallDataOptions, "given");
        Assert.Same(given, TextAnalyzer.CreateDefault(given).Departments);
    }

    [Fact]
    public void BothTaxonomiesListTheirLabelsAndFindCategoriesByIdOrName()
    {
        Assert.Equal(7, Taxonomy.Departments.Labels.Count);
        Assert.Equal(["平安", "智慧", "健康", "活力", "文明", "宜居"], Taxonomy.Themes.Labels);
        Assert.Equal("交通运输", Taxonomy.Departments.FindById("transport")?.Name);
        Assert.Equal("transport", Taxonomy.Departments.FindByName("交通运输")?.Id);
        Assert.Null(Taxonomy.Departments.FindById("police"));
    }
}
