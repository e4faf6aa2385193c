using System.Globalization;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>`--name value` pairs after the verb; unknown or missing options are usage errors.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3)
            {
                throw new UsageException($"Expected an option like --model, got '{name}'.");
            }

            if (!e.MoveNext())
            {
                throw new UsageException($"Option {name} needs a value.");
            }

            _values[name[2..]] = e.Current;
        }
    }

    public string Required(string name) =>
        Optional(name) ?? throw new UsageException($"Option --{name} is required.");

    public string? Optional(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public int Int(string name, int fallback) => Optional(name) is { } v
        ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new UsageException($"--{name} must be an integer, got '{v}'.")
        : fallback;

    public double Double(string name, double fallback) => Optional(name) is { } v
        ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new UsageException($"--{name} must be a number, got '{v}'.")
        : fallback;

    /// <summary>Call after reading every option: a misspelt option is an error, not silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }
}

/// <summary>A mistake in how the command was called; printed with the usage text, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
