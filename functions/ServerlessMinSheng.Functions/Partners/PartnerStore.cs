using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Partners;

/// <summary>A partner system (the 12345 hotline, a WeChat account, a mini-program) and its encrypted webhook secret.</summary>
public sealed class PartnerAccount : ITableEntity
{
    public const string TableName = "partners";
    public const string Partition = "partner";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The shared secret, encrypted with ASP.NET Data Protection; shown in clear only once, when made.</summary>
    public string ProtectedSecret { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset SecretRotatedAt { get; set; }

    /// <summary>Where the request's status changes are posted (signed like the partner's own calls), or null for none.</summary>
    public string? CallbackUrl { get; set; }
}

public sealed class PartnerStore(AppTables tables, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("ServerlessMinSheng.Partners.Secret.v1");

    public async Task<PartnerAccount?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!PartnerIds.IsValid(id))
        {
            return null;
        }

        var table = await tables.GetAsync(PartnerAccount.TableName, cancellationToken);
        return await table.GetEntityOrDefaultAsync<PartnerAccount>(PartnerAccount.Partition, id, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<PartnerAccount>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(PartnerAccount.TableName, cancellationToken);
        return await table.QueryAsync<PartnerAccount>(TableClient.CreateQueryFilter($"PartitionKey eq {PartnerAccount.Partition}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
    }

    /// <summary>Registers a partner; returns its secret in clear (the only time), or null when the id is taken.</summary>
    public async Task<string?> CreateAsync(string id, string name, CancellationToken cancellationToken)
    {
        var secret = NewSecret();
        var now = time.GetUtcNow();
        var table = await tables.GetAsync(PartnerAccount.TableName, cancellationToken);
        try
        {
            await table.AddEntityAsync(new PartnerAccount { RowKey = id, Name = name, ProtectedSecret = _protector.Protect(secret), CreatedAt = now, SecretRotatedAt = now }, cancellationToken);
            return secret;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
        {
            return null;
        }
    }

    /// <summary>Replaces the secret; the old one stops working at once.</summary>
    public async Task<string> RotateAsync(PartnerAccount partner, CancellationToken cancellationToken)
    {
        var secret = NewSecret();
        partner.ProtectedSecret = _protector.Protect(secret);
        partner.SecretRotatedAt = time.GetUtcNow();
        var table = await tables.GetAsync(PartnerAccount.TableName, cancellationToken);
        partner.ETag = (await table.UpdateEntityAsync(partner, partner.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag.GetValueOrDefault();
        return secret;
    }

    public async Task SetCallbackAsync(PartnerAccount partner, string? url, CancellationToken cancellationToken)
    {
        partner.CallbackUrl = url;
        var table = await tables.GetAsync(PartnerAccount.TableName, cancellationToken);
        partner.ETag = (await table.UpdateEntityAsync(partner, partner.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag.GetValueOrDefault();
    }

    public string SecretOf(PartnerAccount partner) => _protector.Unprotect(partner.ProtectedSecret);

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static partial class PartnerIds
{
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{1,31}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}
