using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Storage;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Functions.Identity;

public sealed class UserStore(AppTables tables)
{
    public async Task<UserAccount?> FindAsync(string normalizedUsername, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(UserAccount.TableName, cancellationToken);
        return await table.GetEntityIfExistsAsync<UserAccount>(UserAccount.Partition, normalizedUsername, cancellationToken: cancellationToken);
    }

    /// <summary>Adds the account; false when the user name is taken.</summary>
    public async Task<bool> TryCreateAsync(UserAccount account, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(UserAccount.TableName, cancellationToken);
        try
        {
            account.ETag = await table.AddEntityAsync(account, cancellationToken);
            return true;
        }
        catch (StorageRequestFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
        {
            return false;
        }
    }

    /// <summary>Saves a change made to an account read earlier; a concurrent change makes this throw <see cref="StorageConcurrencyException"/>.</summary>
    public async Task SaveAsync(UserAccount account, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(UserAccount.TableName, cancellationToken);
        account.ETag = await table.UpdateEntityAsync(account, account.ETag, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(UserAccount.TableName, cancellationToken);
        return await table.QueryAsync<UserAccount>(TableClient.CreateQueryFilter($"PartitionKey eq {UserAccount.Partition}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
    }
}
