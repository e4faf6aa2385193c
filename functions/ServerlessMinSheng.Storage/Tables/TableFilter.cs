using System.Globalization;

namespace ServerlessMinSheng.Storage.Tables;

/// <summary>Formats OData filter literals so values are always quoted and escaped correctly.</summary>
internal static class TableFilter
{
    public static string Create(FormattableString filter)
    {
        var args = filter.GetArguments().Select(Literal).ToArray<object?>();
        return string.Format(CultureInfo.InvariantCulture, filter.Format, args);
    }

    private static string Literal(object? value) => value switch
    {
        null => throw new ArgumentException("A filter value is null; Table Storage has no null, filter on the property's absence instead."),
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int or short or byte => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset d => "datetime'" + TableJson.FormatDate(d) + "'",
        DateTime d => "datetime'" + TableJson.FormatDate(new DateTimeOffset(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind))) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        Enum e => "'" + e + "'",
        _ => throw new ArgumentException($"A {value.GetType().Name} cannot be used in a table filter."),
    };
}
