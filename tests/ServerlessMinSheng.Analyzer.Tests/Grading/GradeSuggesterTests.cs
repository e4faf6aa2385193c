using ServerlessMinSheng.Analyzer.Grading;

namespace ServerlessMinSheng.Analyzer.Tests.Grading;

public class GradeSuggesterTests
{
    public static TheoryData<string, int?, Grade> Cases() => new()
    {
        { "小区门口的路灯坏了，晚上很黑", null, Grade.C },
        { "楼下的下水道堵塞，污水漫出来了", 1, Grade.C },
        { "楼道里有很多垃圾", null, Grade.C },
        { "买房五年了不动产证还办不下来", null, Grade.B },
        { "供暖公司说我们小区不在供暖范围，物业说要交暖气费", null, Grade.B },
        { "这是历史遗留问题，拆迁安置房一直没有分配", null, Grade.B },
        { "找了城管又找住建，两边都说不归自己管", null, Grade.B },
        { "全小区几百户居民都希望加装电梯", null, Grade.A },
        { "小区没有充电桩，很多居民的电动车没处充电", null, Grade.A },
        { "这个问题已经多次反映，至今未得到答复", null, Grade.A },
        { "小区门口的路灯坏了，晚上很黑", 6, Grade.A },
        { "买房五年了不动产证还办不下来", 6, Grade.B },
        { "买房五年了不动产证还办不下来", 12, Grade.A },
        { "", null, Grade.C },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradeFollowsTheCuesAndTheClusterSize(string text, int? clusterSize, Grade expected) =>
        Assert.Equal(expected, GradeSuggester.Default.Suggest(text, clusterSize).Grade);

    [Fact]
    public void ReasonsNameTheCueWordsThatWereFound()
    {
        var suggestion = GradeSuggester.Default.Suggest("小区供暖纠纷，属于历史遗留问题");
        Assert.Contains(suggestion.Reasons, r => r.Contains("供暖", StringComparison.Ordinal));
        Assert.Contains(suggestion.Reasons, r => r.Contains("历史遗留", StringComparison.Ordinal));
    }

    [Fact]
    public void AClusterGradeSaysHowManySimilarRequestsThereAre() =>
        Assert.Contains("同类诉求已有 15 件", GradeSuggester.Default.Suggest("路灯坏了", 15).Reasons);

    [Fact]
    public void ARepeatedComplaintAboutAConcreteFixStaysCButIsFlaggedForPriority()
    {
        var suggestion = GradeSuggester.Default.Suggest("路灯坏了，已经多次反映");
        Assert.Equal(Grade.C, suggestion.Grade);
        Assert.Contains(suggestion.Reasons, r => r.EndsWith("应优先办理", StringComparison.Ordinal));
    }

    [Fact]
    public void TraditionalCharactersTriggerTheSameCues() =>
        Assert.Equal(Grade.B, GradeSuggester.Default.Suggest("不動產證辦不下來").Grade);
}
