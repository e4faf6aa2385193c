using System.Security.Cryptography;
using System.Text;
using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Registry;

/// <summary>Towns/streets contain communities/villages; departments and social units stand alone.</summary>
public enum UnitKind
{
    Town,
    Community,
    Department,
    SocialUnit,
}

/// <summary>One registered unit. Partition = kind, row key = id; name index rows share the partition (row keys start with '~').</summary>
public sealed class Unit : ITableEntity
{
    public const string TableName = "units";
    public const string IndexPrefix = "~";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The town of a community.</summary>
    public string? ParentId { get; set; }

    /// <summary>For social units: company, hospital, ngo, volunteer_team, other.</summary>
    public string? Category { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string Id => RowKey;

    public UnitKind Kind => UnitKinds.Parse(PartitionKey);
}

public static class UnitKinds
{
    public static readonly IReadOnlyList<string> SocialUnitCategories = ["company", "hospital", "ngo", "volunteer_team", "other"];

    public static string Name(this UnitKind kind) => kind switch
    {
        UnitKind.Town => "town",
        UnitKind.Community => "community",
        UnitKind.Department => "department",
        UnitKind.SocialUnit => "social_unit",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static UnitKind Parse(string name) => name switch
    {
        "town" => UnitKind.Town,
        "community" => UnitKind.Community,
        "department" => UnitKind.Department,
        "social_unit" => UnitKind.SocialUnit,
        _ => throw new FormatException($"'{name}' is not a unit kind."),
    };

    /// <summary>A short random id that is easy to read aloud: a kind letter and 8 characters without 0/o, 1/l/i.</summary>
    public static string NewId(UnitKind kind)
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var prefix = kind switch { UnitKind.Town => 't', UnitKind.Community => 'c', UnitKind.Department => 'd', _ => 's' };
        var id = new StringBuilder().Append(prefix);
        foreach (var b in RandomNumberGenerator.GetBytes(8))
        {
            id.Append(alphabet[b % alphabet.Length]);
        }

        return id.ToString();
    }

    /// <summary>The row that makes a name unique within its kind (and town, for communities).</summary>
    public static string NameIndexKey(string? parentId, string name) =>
        Unit.IndexPrefix + (parentId ?? string.Empty) + Unit.IndexPrefix + name.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}
