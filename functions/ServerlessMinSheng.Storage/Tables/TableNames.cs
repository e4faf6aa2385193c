using System.Text.RegularExpressions;

namespace ServerlessMinSheng.Storage.Tables;

/// <summary>Checks names and keys before a request is sent, so the error names the value instead of a 400 from the service.</summary>
internal static partial class TableNames
{
    public static string ValidateTable(string name)
    {
        if (name is null || !TablePattern().IsMatch(name) || name.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is not a valid table name: 3–63 letters and digits, starting with a letter.", nameof(name));
        }

        return name;
    }

    public static void ValidateKey(string? key, string which)
    {
        if (key is null)
        {
            throw new ArgumentNullException(which, $"The {which} must not be null.");
        }

        if (key.Length > 512)
        {
            throw new ArgumentException($"The {which} is {key.Length} characters long; at most 512 are allowed.", which);
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException($"The {which} '{key}' contains '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c)}', which Table Storage does not allow in keys.", which);
            }
        }
    }

    /// <summary>The entity's address: <c>table(PartitionKey='…',RowKey='…')</c> with quotes doubled and the values escaped.</summary>
    public static string EntityPath(string table, string partitionKey, string rowKey)
    {
        ValidateKey(partitionKey, "PartitionKey");
        ValidateKey(rowKey, "RowKey");
        return $"{table}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";
    }

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TablePattern();
}
