using ServerlessMinSheng.Analyzer.Classification;

namespace ServerlessMinSheng.Analyzer.Tests.Support;

/// <summary>Small generated request sets with clearly separated topics, for fast training tests.</summary>
internal static class SyntheticRequests
{
    private static readonly Dictionary<string, string[]> Topics = new()
    {
        ["交通运输"] = ["公交车", "站台", "红绿灯", "路口", "出租车", "地铁", "线路", "司机"],
        ["教育文体"] = ["学校", "老师", "学生", "幼儿园", "入学", "课程", "图书馆", "校车"],
        ["卫生计生"] = ["医院", "医生", "看病", "药品", "挂号", "护士", "诊所", "疫苗"],
    };

    private static readonly string[] Frames = ["希望{0}和{1}的问题尽快解决", "最近{0}太差了，{1}也不行", "关于{0}，请有关部门管管{1}", "{0}{1}让居民很不方便"];

    public static List<LabeledText> Generate(int perLabel, int seed = 7)
    {
        var random = new Random(seed);
        var examples = new List<LabeledText>();
        foreach (var (label, words) in Topics)
        {
            for (var i = 0; i < perLabel; i++)
            {
                var frame = Frames[random.Next(Frames.Length)];
                examples.Add(new LabeledText(string.Format(System.Globalization.CultureInfo.InvariantCulture, frame, words[random.Next(words.Length)], words[random.Next(words.Length)]), label));
            }
        }

        return examples;
    }

    public static TrainingOptions SmallDataOptions { get; } = TrainingOptions.Default with
    {
        Features = Features.FeatureOptions.Default with { MinDocumentFrequency = 1 },
    };
}
