using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Tests.Support;

namespace ServerlessMinSheng.Analyzer.Tests.Classification;

public sealed class ModelSerializerTests : IDisposable
{
    private static readonly TextClassifier Model = ClassifierTrainer.Train(SyntheticRequests.Generate(20), SyntheticRequests.SmallDataOptions, "synthetic");
    private readonly string _directory = Directory.CreateTempSubdirectory("sms-model-").FullName;

    [Fact]
    public void ASavedModelLoadsAndPredictsExactlyAsBefore()
    {
        var path = Path.Combine(_directory, "m.model");
        ModelSerializer.Save(Model, path);
        var loaded = ModelSerializer.Load(path);
        Assert.Equal(Model.Labels, loaded.Labels);
        Assert.Equal(Model.Info, loaded.Info);
        Assert.Equal(Model.Predict("医院的医生很好").Ranking, loaded.Predict("医院的医生很好").Ranking);
    }

    [Fact]
    public void AModelOfAnotherFormatVersionIsRefusedWithTheVersionsNamed()
    {
        var bytes = ModelSerializer.ToBytes(Model);
        BitConverter.GetBytes(ModelSerializer.FormatVersion + 1).CopyTo(bytes, 8);
        var error = Assert.Throws<ModelFormatException>(() => ModelSerializer.FromBytes(bytes, "old.model"));
        Assert.Contains($"version {ModelSerializer.FormatVersion + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelWithAFlippedByteIsRefusedAsCorrupt()
    {
        var bytes = ModelSerializer.ToBytes(Model);
        bytes[bytes.Length / 2] ^= 0x40;
        Assert.Contains("corrupt", Assert.Throws<ModelFormatException>(() => ModelSerializer.FromBytes(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedModelIsRefused()
    {
        var bytes = ModelSerializer.ToBytes(Model);
        Assert.Throws<ModelFormatException>(() => ModelSerializer.FromBytes(bytes[..(bytes.Length / 3)]));
    }

    [Fact]
    public void AFileThatIsNotAModelIsRefused()
    {
        var path = Path.Combine(_directory, "data.tsv");
        File.WriteAllText(path, "id\ttext\n1\t路灯坏了\n");
        Assert.Contains("not a ServerlessMinSheng analyzer model", Assert.Throws<ModelFormatException>(() => ModelSerializer.Load(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingModelFileIsRefusedWithItsPath() =>
        Assert.Contains("does not exist", Assert.Throws<ModelFormatException>(() => ModelSerializer.Load(Path.Combine(_directory, "none.model"))).Message, StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
