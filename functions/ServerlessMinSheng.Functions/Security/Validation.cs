using Microsoft.AspNetCore.Http.HttpResults;

namespace ServerlessMinSheng.Functions.Security;

/// <summary>Collects field errors for a ValidationProblem that names each bad field.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors => _errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal);

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public Validation Require(string field, string? value, string label, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"请填写{label}");
        }
        else if (value.Trim().Length > maxLength)
        {
            Add(field, $"{label}最多 {maxLength} 个字符");
        }

        return this;
    }

    /// <summary>Names go into table keys, where / \ # ? and control characters are not allowed.</summary>
    public Validation Name(string field, string? value, string label, int maxLength = 50)
    {
        Require(field, value, label, maxLength);
        if (value is not null && value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            Add(field, $"{label}不能包含 / \\ # ? 或控制字符");
        }

        return this;
    }

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "输入有误，请检查标出的字段",
        extensions: new Dictionary<string, object?> { ["code"] = "validation" });
}

public static class Problems
{
    public static ProblemHttpResult Of(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
