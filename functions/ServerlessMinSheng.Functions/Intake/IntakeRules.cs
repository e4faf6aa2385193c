using System.Text;
using System.Text.RegularExpressions;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Intake;

/// <summary>The rules every channel's request must meet, with messages that name the field.</summary>
public static partial class IntakeRules
{
    public const int MaxTitle = 100;
    public const int MaxDescription = 4000;
    public const int MaxAddress = 200;

    /// <summary>
    /// Full-width digits and Latin letters become ordinary ones (so a phone number typed on a Chinese
    /// keyboard is recognised); Chinese punctuation stays as written; line endings become \n; other
    /// control characters go.
    /// </summary>
    public static string Clean(string? text)
    {
        var builder = new StringBuilder((text ?? string.Empty).Length);
        foreach (var c in (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            if (c is (>= '０' and <= '９') or (>= 'Ａ' and <= 'Ｚ') or (>= 'ａ' and <= 'ｚ'))
            {
                builder.Append((char)(c - 0xFEE0));
            }
            else if (c == '\n' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>A mobile (11 digits from 13–19) or landline (0 + area code + number) number, without separators; null if it is neither.</summary>
    public static string? NormalizePhone(string? phone)
    {
        var digits = new string(Clean(phone).Where(c => c is not (' ' or '-' or '(' or ')')).ToArray());
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }

        return MobilePattern().IsMatch(digits) || LandlinePattern().IsMatch(digits) ? digits : null;
    }

    /// <summary>Checks text fields; returns the cleaned values (title defaults to the description's start when allowed).</summary>
    public static (string Title, string Description, string? Address, string? Phone) Check(
        Validation validation, string? title, string? description, string? address, string? phone, bool titleFromDescription = false)
    {
        var cleanDescription = Clean(description);
        var cleanTitle = Clean(title);
        if (cleanTitle.Length == 0 && titleFromDescription && cleanDescription.Length > 0)
        {
            cleanTitle = Shorten(cleanDescription.Split('\n')[0], 30);
        }

        if (cleanTitle.Length == 0)
        {
            validation.Add("title", "请填写标题");
        }
        else if (cleanTitle.Length > MaxTitle)
        {
            validation.Add("title", $"标题最多 {MaxTitle} 个字");
        }

        if (cleanDescription.Length == 0)
        {
            validation.Add("description", "请描述您遇到的问题或建议");
        }
        else if (cleanDescription.Length > MaxDescription)
        {
            validation.Add("description", $"内容最多 {MaxDescription} 个字");
        }

        var cleanAddress = Clean(address);
        if (cleanAddress.Length > MaxAddress)
        {
            validation.Add("address", $"地址最多 {MaxAddress} 个字");
        }

        string? cleanPhone = null;
        if (!string.IsNullOrWhiteSpace(phone))
        {
            cleanPhone = NormalizePhone(phone);
            if (cleanPhone is null)
            {
                validation.Add("phone", "请填写正确的手机号或固定电话（如 13812345678 或 010-12345678）");
            }
        }

        return (cleanTitle, cleanDescription, cleanAddress.Length == 0 ? null : cleanAddress, cleanPhone);
    }

    /// <summary>The community by id, or by name when the name is unique (partners and spreadsheets use names).</summary>
    public static Unit? FindCommunity(IReadOnlyList<Unit> communities, string? idOrName, out bool ambiguous)
    {
        ambiguous = false;
        var key = Clean(idOrName);
        if (key.Length == 0)
        {
            return null;
        }

        var byId = communities.FirstOrDefault(c => c.Id == key);
        if (byId is not null)
        {
            return byId;
        }

        var byName = communities.Where(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase)).ToList();
        ambiguous = byName.Count > 1;
        return byName.Count == 1 ? byName[0] : null;
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex("^0[1-9][0-9]{1,2}[0-9]{7,8}$")]
    private static partial Regex LandlinePattern();
}
