using System.Text;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>One data line of a TSV file, or the reason it could not be read.</summary>
/// <remarks>
/// A row that failed to decode still carries <see cref="LenientFields"/> (invalid bytes
/// replaced by U+FFFD) so that its id can be echoed in the output, keeping one output row per
/// input row.
/// </remarks>
internal sealed record TsvRow(int LineNumber, IReadOnlyList<string>? Fields, string? Error, IReadOnlyList<string>? LenientFields = null)
{
    public string Get(int column) => Fields is not null && column < Fields.Count ? Fields[column] : string.Empty;
}

/// <summary>
/// Reads a TSV file with a header line, one line at a time, decoding each line on its own so
/// that one line of invalid UTF-8 becomes an error for that line number instead of a crash or
/// silently replaced characters in the whole batch.
/// </summary>
internal sealed class TsvReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Stream _stream;
    private readonly List<byte> _line = new(4096);
    private int _lineNumber;

    public TsvReader(Stream stream)
    {
        _stream = new BufferedStream(stream, 1 << 16);
        var header = ReadRow() ?? throw new InvalidDataException("The file is empty: a header line is required.");
        if (header.Fields is null)
        {
            throw new InvalidDataException($"Line 1 (the header): {header.Error}");
        }

        Header = header.Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
    }

    public IReadOnlyList<string> Header { get; }

    public static TsvReader Open(string path) => new(File.OpenRead(path));

    /// <summary>The index of a header column, or a clear error naming the columns that exist.</summary>
    public int Column(string name)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new InvalidDataException($"Column '{name}' not found; the header has: {string.Join(", ", Header)}.");
    }

    public IEnumerable<TsvRow> Rows()
    {
        while (ReadRow() is { } row)
        {
            yield return row;
        }
    }

    public void Dispose() => _stream.Dispose();

    private TsvRow? ReadRow()
    {
        _line.Clear();
        int b;
        while ((b = _stream.ReadByte()) >= 0 && b != '\n')
        {
            _line.Add((byte)b);
        }

        if (b < 0 && _line.Count == 0)
        {
            return null;
        }

        _lineNumber++;
        var bytes = _line.Count > 0 && _line[^1] == '\r' ? _line.Count - 1 : _line.Count;
        string text;
        try
        {
            text = StrictUtf8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_line)[..bytes]);
        }
        catch (DecoderFallbackException)
        {
            var lenient = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_line)[..bytes]);
            return new TsvRow(_lineNumber, null, "invalid UTF-8", lenient.Split('\t'));
        }

        return new TsvRow(_lineNumber, text.Split('\t'), null);
    }
}
