using System.Text;

namespace ServerlessMinSheng.Analyzer.Text;

/// <summary>
/// Brings every input to one canonical form before any feature is taken from it: full-width
/// ASCII to half-width (residents type １２３ and ＡＢＣ on Chinese keyboards), traditional to
/// simplified, Latin to lower case, control characters and runs of whitespace to one space.
/// Positions are not preserved, so redaction works on the original text instead.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Requests are short; anything longer is a paste accident and only its head matters.</summary>
    public const int MaxCharacters = 20_000;

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var length = Math.Min(text.Length, MaxCharacters);
        var builder = new StringBuilder(length);
        var pendingSpace = false;
        for (var i = 0; i < length; i++)
        {
            var c = NormalizeChar(text[i]);
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Full-width to half-width, traditional to simplified, ASCII letters to lower case.</summary>
    public static char NormalizeChar(char c)
    {
        if (c == '\u3000')
        {
            return ' ';
        }

        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            c = (char)(c - 0xFEE0);
        }

        if (c is >= 'A' and <= 'Z')
        {
            return (char)(c + 32);
        }

        return c < 0x3400 ? c : TraditionalToSimplified.Convert(c);
    }

    /// <summary>True for the CJK ideographs that carry meaning in a request.</summary>
    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    /// <summary>Letters, digits and Han characters; punctuation, symbols and emoji halves are not.</summary>
    public static bool IsWordChar(char c) => IsHan(c) || char.IsLetterOrDigit(c);

    /// <summary>Whether a text holds anything a classifier can use (not only punctuation or emoji).</summary>
    public static bool HasContent(string? text)
    {
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (IsWordChar(c))
            {
                return true;
            }
        }

        return false;
    }
}
