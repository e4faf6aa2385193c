using System.Text;

namespace ServerlessMinSheng.Functions.SurveyImport;

/// <summary>A row of a survey file with the line (or spreadsheet row) it came from.</summary>
public sealed record SheetRow(int Line, IReadOnlyList<string> Cells);

/// <summary>
/// CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) and TSV. Text is UTF-8 (with
/// or without BOM); a file that is not valid UTF-8 is read as GB18030, which is how Excel on a Chinese
/// Windows saves CSV.
/// </summary>
public static class DelimitedReader
{
    static DelimitedReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            bytes = bytes[3..];
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    public static IEnumerable<SheetRow> Read(string text, char delimiter)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var rowStart = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(cell.ToString());
                cell.Clear();
                if (cells.Any(s => s.Length > 0))
                {
                    yield return new SheetRow(rowStart, cells.ToList());
                }

                cells.Clear();
                line++;
                rowStart = line;
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        if (cells.Any(s => s.Length > 0))
        {
            yield return new SheetRow(rowStart, cells);
        }
    }
}
