using System.Text;
using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Cli;
using ServerlessMinSheng.Analyzer.Tests.Support;

namespace ServerlessMinSheng.Analyzer.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sms-cli-").FullName;

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void TrainThenClassifyWritesTheSpecifiedHeaderAndOneRowPerInputRowInOrder()
    {
        var (code, _, _) = Run("train", "--data", WriteTrainingData(), "--model", PathOf("m.model"), "--min-df", "1");
        Assert.Equal(0, code);
        File.WriteAllBytes(PathOf("in.tsv"), BadInput());

        (code, _, var errors) = Run("classify", "--model", PathOf("m.model"), "--input", PathOf("in.tsv"), "--output", PathOf("out.tsv"));

        Assert.Equal(0, code);
        var lines = File.ReadAllLines(PathOf("out.tsv"));
        Assert.Equal("id\tlabel\tconfidence\tgrade\tkeyphrases", lines[0]);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9"], lines.Skip(1).Select(l => l.Split('\t')[0]));
        Assert.All(lines, l => Assert.Equal(5, l.Split('\t').Length));
        var byId = lines.Skip(1).Select(l => l.Split('\t')).ToDictionary(f => f[0]);
        Assert.Equal("交通运输", byId["1"][1]);
        Assert.Matches(@"^0\.\d{3}|1\.000$", byId["1"][2]);
        Assert.Contains(byId["1"][3], new[] { "A", "B", "C" });
        Assert.Equal("卫生计生", byId["6"][1]);
        Assert.Equal("交通运输", byId["7"][1]);
        Assert.Equal(string.Empty, byId["2"][1]);
        Assert.Equal(string.Empty, byId["8"][1]);
        Assert.Contains("line 3 (id 2)", errors, StringComparison.Ordinal);
        Assert.Contains("line 9 (id 8): invalid UTF-8", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void EvalPrintsAccuracyMacroF1AndAConfusionMatrix()
    {
        var data = WriteTrainingData();
        Assert.Equal(0, Run("train", "--data", data, "--model", PathOf("m.model"), "--min-df", "1").Code);
        var (code, output, _) = Run("eval", "--model", PathOf("m.model"), "--data", data);
        Assert.Equal(0, code);
        Assert.Matches(@"accuracy (0|1)\.\d{4}, macro-F1 (0|1)\.\d{4}, n = 90", output);
        Assert.Contains("| true \\ predicted | 交通运输 | 卫生计生 | 教育文体 |", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EvalAndClassifyUseTheBuiltInSeedModelsWithoutAModelFile()
    {
        var (code, output, _) = Run("eval", "--model", "departments", "--data", WriteTrainingData());
        Assert.Equal(0, code);
        Assert.Contains("departments (", output, StringComparison.Ordinal);
        Assert.Matches(@"macro-F1 (0|1)\.\d{4}, n = 90", output);

        File.WriteAllText(PathOf("in.tsv"), "id\ttext\n1\t公司拖欠了三个月工资\n");
        Assert.Equal(0, Run("classify", "--model", "departments", "--input", PathOf("in.tsv"), "--output", PathOf("out.tsv")).Code);
        Assert.Equal("劳动和社会保障", File.ReadAllLines(PathOf("out.tsv"))[1].Split('\t')[1]);
    }

    [Fact]
    public void ClassifyRefusesACorruptModelWithAClearMessageAndExitCodeOne()
    {
        var model = ModelSerializer.ToBytes(ClassifierTrainer.Train(SyntheticRequests.Generate(10), SyntheticRequests.SmallDataOptions));
        model[40] ^= 1;
        File.WriteAllBytes(PathOf("bad.model"), model);
        File.WriteAllText(PathOf("in.tsv"), "id\ttext\n1\t公交车\n");
        var (code, _, errors) = Run("classify", "--model", PathOf("bad.model"), "--input", PathOf("in.tsv"), "--output", PathOf("out.tsv"));
        Assert.Equal(1, code);
        Assert.Contains("model refused", errors, StringComparison.Ordinal);
        Assert.Contains("corrupt", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownOptionIsAUsageError()
    {
        var (code, _, errors) = Run("classify", "--modle", "x");
        Assert.Equal(2, code);
        Assert.Contains("--model", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingInputColumnIsNamedInTheError()
    {
        File.WriteAllText(PathOf("in.tsv"), "key\tbody\n1\t公交车\n");
        File.WriteAllBytes(PathOf("m.model"), ModelSerializer.ToBytes(ClassifierTrainer.Train(SyntheticRequests.Generate(10), SyntheticRequests.SmallDataOptions)));
        var (code, _, errors) = Run("classify", "--model", PathOf("m.model"), "--input", PathOf("in.tsv"), "--output", PathOf("out.tsv"));
        Assert.Equal(1, code);
        Assert.Contains("Column 'id' not found", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactCopiesStdinToStdoutWithPersonalDataReplaced()
    {
        var (code, output, _) = Run(["redact"], "手机13812345678\n2019年3月5日付了12000元\n");
        Assert.Equal(0, code);
        Assert.Equal(["手机[电话]", "2019年3月5日付了12000元"], output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void ClusterWritesAClusterPerRequestAndPrintsTheHottest()
    {
        File.WriteAllText(PathOf("msgs.tsv"), "id\ttext\tlikes\n1\t丽发新城搅拌站噪音扰民\t3\n2\t丽发新城附近搅拌站噪音太大\t5\n3\t学校门口红绿灯坏了\t0\n");
        var (code, output, _) = Run("cluster", "--input", PathOf("msgs.tsv"), "--output", PathOf("clusters.tsv"));
        Assert.Equal(0, code);
        var rows = File.ReadAllLines(PathOf("clusters.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.Equal(rows[0][1], rows[1][1]);
        Assert.NotEqual(rows[0][1], rows[2][1]);
        Assert.Contains("| 1 | 2 | 8 |", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Code, string Output, string Errors) Run(params string[] args) => Run(args, string.Empty);

    private static (int Code, string Output, string Errors) Run(string[] args, string input)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = CommandLine.Run(args, new StringReader(input), output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    private string WriteTrainingData()
    {
        var path = PathOf("train.tsv");
        File.WriteAllLines(path, SyntheticRequests.Generate(30).Select(e => $"{e.Label}\t{e.Text}").Prepend("label\ttext"));
        return path;
    }

    /// <summary>The bad inputs of the issue: empty, punctuation, emoji, 100,000 characters, mixed scripts, full-width digits, invalid UTF-8, a stray tab.</summary>
    private static byte[] BadInput()
    {
        var lines = new StringBuilder("id\ttext\n")
            .Append("1\t公交车站台太远了\n")
            .Append("2\t\n")
            .Append("3\t！！？？。。\n")
            .Append("4\t😀😀🙏\n")
            .Append("5\t").Append(string.Concat(Enumerable.Repeat("学校老师", 25_000))).Append('\n')
            .Append("6\t醫院掛號太難，医生太少\n")
            .Append("7\t１２３路公交车司机态度差\n");
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(lines.ToString()));
        bytes.AddRange([(byte)'8', (byte)'\t', 0xFF, 0xFE, 0xE5, 0x85, (byte)'\n']);
        bytes.AddRange(Encoding.UTF8.GetBytes("9\t地铁\t线路太少\n"));
        return [.. bytes];
    }
}
