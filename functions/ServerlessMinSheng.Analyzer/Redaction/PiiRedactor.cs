using System.Text.RegularExpressions;

namespace ServerlessMinSheng.Analyzer.Redaction;

/// <summary>
/// Removes personal data from a request before it is shown on the public board or needs map.
/// Matching runs on a copy with full-width digits and letters folded to ASCII (same length, so
/// offsets stay valid), and every span is reported against the original text.
/// </summary>
public static class PiiRedactor
{
    private static readonly (PiiKind Kind, Regex Pattern)[] Detectors =
    [
        (PiiKind.Email, PiiPatterns.Email()),
        (PiiKind.IdNumber, PiiPatterns.IdNumber()),
        (PiiKind.BankCard, PiiPatterns.BankCard()),
        (PiiKind.MobilePhone, PiiPatterns.Mobile()),
        (PiiKind.Landline, PiiPatterns.Landline()),
        (PiiKind.LicencePlate, PiiPatterns.LicencePlate()),
        (PiiKind.UnitAddress, PiiPatterns.UnitAddress()),
    ];

    /// <summary>What replaces each kind in the public text: readable, so staff still see what was there.</summary>
    public static string ReplacementFor(PiiKind kind) => kind switch
    {
        PiiKind.MobilePhone or PiiKind.Landline => "[电话]",
        PiiKind.IdNumber => "[身份证号]",
        PiiKind.Email => "[邮箱]",
        PiiKind.BankCard => "[银行卡号]",
        PiiKind.LicencePlate => "[车牌]",
        PiiKind.UnitAddress => "[门牌]",
        _ => "[已隐藏]",
    };

    public static RedactionResult Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new RedactionResult(string.Empty, []);
        }

        var folded = FoldWidth(text);
        var hints = Hints.Of(folded);
        var candidates = new List<RedactionSpan>();
        foreach (var (kind, pattern) in Detectors)
        {
            if (!hints.MayContain(kind))
            {
                continue;
            }

            foreach (Match match in pattern.Matches(folded))
            {
                if (IsGenuine(kind, match, folded))
                {
                    candidates.Add(new RedactionSpan(match.Index, match.Length, kind, ReplacementFor(kind)));
                }
            }
        }

        var spans = ChooseNonOverlapping(candidates);
        return new RedactionResult(Apply(text, spans), spans);
    }

    private static bool IsGenuine(PiiKind kind, Match match, string text)
    {
        var value = match.ValueSpan;
        return kind switch
        {
            PiiKind.IdNumber => Checksums.IsChineseIdNumber(value),
            PiiKind.BankCard => Checksums.PassesLuhn(value) && !Checksums.IsChineseIdNumber(value) && !IsMoney(text, match),
            PiiKind.MobilePhone or PiiKind.Landline => !IsMoney(text, match),
            PiiKind.LicencePlate => Checksums.CountDigits(value) > 0,
            _ => true,
        };
    }

    /// <summary>An amount is a number right after a currency sign or right before a unit of money or measure.</summary>
    private static bool IsMoney(string text, Match match)
    {
        var before = match.Index > 0 ? text[match.Index - 1] : ' ';
        var end = match.Index + match.Length;
        var after = end < text.Length ? text[end] : ' ';
        var decimalFollows = after is '.' or ',' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]);
        return before is '¥' or '$' or '€' || decimalFollows
            || after is '元' or '块' or '万' or '亿' or '%' or '米' or '吨' or '斤' or '人' or '户' or '个' or '次' or '年';
    }

    /// <summary>Earliest match wins; on a tie the longer one; kinds earlier in the detector list break remaining ties.</summary>
    private static List<RedactionSpan> ChooseNonOverlapping(List<RedactionSpan> candidates)
    {
        var ordered = candidates.OrderBy(s => s.Start).ThenByDescending(s => s.Length).ToList();
        var chosen = new List<RedactionSpan>();
        var end = 0;
        foreach (var span in ordered)
        {
            if (span.Start >= end)
            {
                chosen.Add(span);
                end = span.Start + span.Length;
            }
        }

        return chosen;
    }

    private static string Apply(string text, List<RedactionSpan> spans)
    {
        if (spans.Count == 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var span in spans)
        {
            builder.Append(text, position, span.Start - position).Append(span.Replacement);
            position = span.Start + span.Length;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>
    /// One cheap pass that rules out most detectors for most texts: a text with six digits
    /// cannot hold a phone number. Running seven regular expressions over every request was
    /// the largest cost of redaction.
    /// </summary>
    private readonly record struct Hints(int Digits, bool At, bool Building, bool UpperAscii)
    {
        public static Hints Of(string text)
        {
            int digits = 0;
            bool at = false, building = false, upper = false;
            foreach (var c in text)
            {
                if (char.IsAsciiDigit(c))
                {
                    digits++;
                }
                else if (c == '@')
                {
                    at = true;
                }
                else if (c is '楼' or '栋' or '幢' or '座' or '单' or '门')
                {
                    building = true;
                }
                else if (char.IsAsciiLetterUpper(c))
                {
                    upper = true;
                }
            }

            return new Hints(digits, at, building, upper);
        }

        public bool MayContain(PiiKind kind) => kind switch
        {
            PiiKind.Email => At,
            PiiKind.IdNumber or PiiKind.BankCard or PiiKind.MobilePhone => Digits >= 11,
            PiiKind.Landline => Digits >= 7,
            PiiKind.LicencePlate => UpperAscii && Digits >= 1,
            PiiKind.UnitAddress => Building,
            _ => true,
        };
    }

    /// <summary>Full-width ASCII (０-９, Ａ-Ｚ, ＠, －) to half-width, one character for one.</summary>
    private static string FoldWidth(string text)
    {
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c == '\u3000' ? ' ' : c;
            }
        });
    }
}
