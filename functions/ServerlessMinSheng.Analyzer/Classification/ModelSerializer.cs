using System.Text;
using ServerlessMinSheng.Analyzer.Features;

namespace ServerlessMinSheng.Analyzer.Classification;

/// <summary>
/// The model file: a magic tag, a format version, the feature options, labels, vocabulary
/// (64-bit keys and idf), weights, and a 64-bit checksum of everything before it. Binary and
/// flat, so a department model of a few megabytes loads in well under a second; the checksum
/// and version make a damaged or foreign file fail loudly instead of classifying nonsense.
/// </summary>
public static class ModelSerializer
{
    /// <summary>Bumped whenever features or layout change; older files must be retrained.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "SMSTXTCL"u8.ToArray();

    public static void Save(TextClassifier model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write to a temporary file and move it into place, so a crash never leaves half a model.
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, ToBytes(model));
        File.Move(temporary, path, overwrite: true);
    }

    public static TextClassifier Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e)
        {
            throw new ModelFormatException($"Model file '{path}' does not exist.", e);
        }

        return FromBytes(bytes, path);
    }

    public static byte[] ToBytes(TextClassifier model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            WriteInfo(writer, model.Info);
            WriteOptions(writer, model.Vectorizer.Options);
            writer.Write(model.Labels.Count);
            foreach (var label in model.Labels)
            {
                writer.Write(label);
            }

            var vocabulary = model.Vectorizer.Vocabulary;
            writer.Write(vocabulary.Count);
            foreach (var key in vocabulary.Keys)
            {
                writer.Write(key);
            }

            WriteFloats(writer, vocabulary.Idf);
            WriteFloats(writer, model.Weights);
            WriteFloats(writer, model.Bias);
            writer.Write(model.ConfidenceScale);
        }

        var checksum = Checksum.Fnv1a64(stream.GetBuffer().AsSpan(0, (int)stream.Length));
        stream.Write(BitConverter.GetBytes(checksum));
        return stream.ToArray();
    }

    public static TextClassifier FromBytes(byte[] bytes, string source = "model")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < Magic.Length + 12 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new ModelFormatException($"'{source}' is not a ServerlessMinSheng analyzer model.");
        }

        var version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version != FormatVersion)
        {
            throw new ModelFormatException(
                $"'{source}' has model format version {version}; this analyzer reads version {FormatVersion}. Retrain it with the `train` verb.");
        }

        var body = bytes.AsSpan(0, bytes.Length - 8);
        if (Checksum.Fnv1a64(body) != BitConverter.ToUInt64(bytes, bytes.Length - 8))
        {
            throw new ModelFormatException($"'{source}' is corrupt (checksum mismatch); restore or retrain it.");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length + 4, body.Length - Magic.Length - 4), Encoding.UTF8);
            var info = ReadInfo(reader);
            var options = ReadOptions(reader);
            var labels = new string[reader.ReadInt32()];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = reader.ReadString();
            }

            var keys = new ulong[reader.ReadInt32()];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = reader.ReadUInt64();
            }

            var idf = ReadFloats(reader);
            var weights = ReadFloats(reader);
            var bias = ReadFloats(reader);
            var scale = reader.ReadSingle();
            var vectorizer = new TfIdfVectorizer(options, new Vocabulary(keys, idf));
            return new TextClassifier(vectorizer, labels, weights, bias, scale, info);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or OverflowException or OutOfMemoryException or IOException)
        {
            throw new ModelFormatException($"'{source}' could not be read: {e.Message}", e);
        }
    }

    private static void WriteInfo(BinaryWriter writer, ModelInfo info)
    {
        writer.Write(info.Name);
        writer.Write(info.ExampleCount);
        writer.Write(info.TrainedAt.ToUnixTimeMilliseconds());
        writer.Write(info.AnalyzerVersion);
    }

    private static ModelInfo ReadInfo(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadInt32(), DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()), reader.ReadString());

    private static void WriteOptions(BinaryWriter writer, FeatureOptions options)
    {
        writer.Write(options.CharNgramMin);
        writer.Write(options.CharNgramMax);
        writer.Write(options.WordNgramMax);
        writer.Write(options.MinDocumentFrequency);
        writer.Write(options.FoldDigits);
        writer.Write(options.LeadCharacters);
    }

    private static FeatureOptions ReadOptions(BinaryReader reader) => new()
    {
        CharNgramMin = reader.ReadInt32(),
        CharNgramMax = reader.ReadInt32(),
        WordNgramMax = reader.ReadInt32(),
        MinDocumentFrequency = reader.ReadInt32(),
        FoldDigits = reader.ReadBoolean(),
        LeadCharacters = reader.ReadInt32(),
    };

    private static void WriteFloats(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        writer.Write(values.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    private static float[] ReadFloats(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0 || (long)length * 4 > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new EndOfStreamException($"an array of {length} numbers runs past the end of the file");
        }

        var values = new float[length];
        var bytes = reader.ReadBytes(length * 4);
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
