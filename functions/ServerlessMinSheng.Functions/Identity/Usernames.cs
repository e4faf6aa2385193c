using System.Text;
using System.Text.RegularExpressions;

namespace ServerlessMinSheng.Functions.Identity;

public static partial class Usernames
{
    /// <summary>Case-, width- and whitespace-insensitive, so "Ａdmin " and "admin" are one account.</summary>
    public static string Normalize(string? username) => (username ?? string.Empty).Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    public static bool IsValid(string normalized) => Pattern().IsMatch(normalized);

    public const string Rule = "用户名为 3–32 位小写字母、数字、点、下划线或连字符，以字母或数字开头";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$")]
    private static partial Regex Pattern();
}

public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    /// <summary>Problems with a new password, in words a person can act on; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Check(string? password, string username)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            problems.Add($"密码至少需要 {MinLength} 个字符");
        }
        else if (password.Length > MaxLength)
        {
            problems.Add($"密码最多 {MaxLength} 个字符");
        }
        else if (password.Distinct().Count() < 4)
        {
            problems.Add("密码过于简单，请使用更多不同的字符");
        }
        else if (password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("密码不能包含用户名");
        }

        return problems;
    }
}
