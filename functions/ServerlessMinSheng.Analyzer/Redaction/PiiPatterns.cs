using System.Text.RegularExpressions;

namespace ServerlessMinSheng.Analyzer.Redaction;

/// <summary>
/// The candidate patterns. Every numeric pattern refuses to start or end inside a longer run of
/// digits, so a phone number is never carved out of an order number, an amount or a date.
/// Validation that a regex cannot express (checksums, money context) is in <see cref="PiiRedactor"/>.
/// </summary>
internal static partial class PiiPatterns
{
    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    public static partial Regex Email();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-8]\d{16}[\dXx](?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    public static partial Regex IdNumber();

    // 16-19 digits in one run, or in groups of four separated by a space or hyphen.
    [GeneratedRegex(@"(?<![\d\-])(?:\d{16,19}|\d{4}(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?)(?![\d\-])", RegexOptions.CultureInvariant)]
    public static partial Regex BankCard();

    // Mainland mobile numbers, optionally +86, written 13812345678, 138-1234-5678 or 138 1234 5678.
    [GeneratedRegex(@"(?<![\d\-])(?:(?:\+|00)?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}(?![\d\-])", RegexOptions.CultureInvariant)]
    public static partial Regex Mobile();

    // Landlines need an area code (0 + 2-3 digits) so that 8-digit dates and amounts stay;
    // a bare 7-8 digit number counts only right after a word such as 电话 or 座机.
    [GeneratedRegex(@"(?<![\d\-])(?:(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[ \-]?[2-9]\d{6,7}(?:[\-转]\d{1,4})?|(?<=(?:电话|座机|固话|联系方式|联系电话|tel|Tel|TEL)[:：是为\s]{0,2})[2-9]\d{6,7})(?![\d\-])", RegexOptions.CultureInvariant)]
    public static partial Regex Landline();

    // Province abbreviation + issuing-office letter + five (or six, for new-energy plates)
    // letters or digits, letters I and O excluded as on real plates.
    [GeneratedRegex(@"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•\. ]?(?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警港澳])(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    public static partial Regex LicencePlate();

    // Unit-level addresses: building + unit + room, building + room, building + unit, or unit + room.
    // A building alone ("3号楼") or a floor ("3楼") is not personal and stays visible.
    [GeneratedRegex(@"(?:[A-Za-z]?\d{1,3}[A-Za-z]?|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢|座)\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:单元|门)\s*)?(?:[\-—]?\d{1,2}层)?\s*[\-—]?\d{2,4}(?:室|号|房|户)?(?!\d)|(?:[A-Za-z]?\d{1,3}[A-Za-z]?|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢|座)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:单元|门)|(?<!\d)(?:\d{1,2}|[一二三四五六七八九十]{1,3})单元\s*[\-—]?\d{3,4}(?:室|号|房|户)?(?!\d)|(?<![\d\-])\d{1,3}-\d{1,2}-\d{3,4}(?:室|号|房)(?!\d)", RegexOptions.CultureInvariant)]
    public static partial Regex UnitAddress();
}
