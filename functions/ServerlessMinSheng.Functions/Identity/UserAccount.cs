using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Identity;

/// <summary>A local staff account; the row key is the normalised user name.</summary>
public sealed class UserAccount : ITableEntity
{
    public const string TableName = "users";
    public const string Partition = "user";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    public string PasswordHash { get; set; } = string.Empty;

    public Role Role { get; set; }

    public ScopeKind ScopeKind { get; set; }

    public string? ScopeId { get; set; }

    public bool Disabled { get; set; }

    /// <summary>Changes whenever the password, role, scope or status changes; existing sign-ins end when it does.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string Username => RowKey;
}

/// <summary>Failed sign-ins per user name, kept whether or not the account exists, so lockout reveals nothing.</summary>
public sealed class SignInFailures : ITableEntity
{
    public const string TableName = "signinfailures";
    public const string Partition = "failures";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Count { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
