namespace ServerlessMinSheng.Analyzer.Redaction;

/// <summary>
/// Checks that turn "a long number" into "an identity number" or "a card number". Without them,
/// order numbers, amounts and serials would be blacked out and staff could not read requests.
/// </summary>
internal static class Checksums
{
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckCharacters = "10X98765432";

    /// <summary>
    /// GB 11643-1999 resident identity number: 17 digits and a check character (ISO 7064 MOD 11-2),
    /// a region code starting 1-8 and a real birth date.
    /// </summary>
    public static bool IsChineseIdNumber(ReadOnlySpan<char> id)
    {
        if (id.Length != 18 || id[0] is < '1' or > '8')
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return false;
            }

            sum += (id[i] - '0') * IdWeights[i];
        }

        var check = char.ToUpperInvariant(id[17]);
        if (check != IdCheckCharacters[sum % 11])
        {
            return false;
        }

        var year = int.Parse(id.Slice(6, 4), provider: System.Globalization.CultureInfo.InvariantCulture);
        var month = int.Parse(id.Slice(10, 2), provider: System.Globalization.CultureInfo.InvariantCulture);
        var day = int.Parse(id.Slice(12, 2), provider: System.Globalization.CultureInfo.InvariantCulture);
        return year is >= 1900 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    /// <summary>Luhn (mod 10) over the digits, ignoring spaces and hyphens.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> number)
    {
        int sum = 0, digits = 0;
        var doubleIt = false;
        for (var i = number.Length - 1; i >= 0; i--)
        {
            var c = number[i];
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
            digits++;
        }

        return digits > 0 && sum % 10 == 0;
    }

    public static int CountDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }
}
