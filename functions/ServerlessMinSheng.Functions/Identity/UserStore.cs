using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Identity;

public sealed class UserStore(AppTables tables)
{
    public async Task<UserAccount?> FindAsync(string normalizedUsername, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(UserAccount.TableName, cancellationToken);
        return await table.GetEntityOrDefaultAsync<UserAccount>(UserAccount.Partition, normalizedUsername, cancellationToken: cancellationToken);
    }

    /// <summary>Adds the account; false when the user name is taken.</summary>
    public async Task<bool> TryCreateAsync(UserAccount account, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(UserAccount.TableName, cancellationToken);
        try
        {
            account.ETag = (await table.AddEntityAsync(account, cancellationToken)).Headers.ETag.GetValueOrDefault();
            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
        {
            return false;
        }
    }

    /// <summary>Saves a change made to an account read earlier; a concurrent change makes this throw a 412 <see cref="RequestFailedException"/>.</summary>
    public async Task SaveAsync(UserAccount account, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(UserAccount.TableName, cancellationToken);
        account.ETag = (await table.UpdateEntityAsync(account, account.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag.GetValueOrDefault();
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(UserAccount.TableName, cancellationToken);
        return await table.QueryAsync<UserAccount>(TableClient.CreateQueryFilter($"PartitionKey eq {UserAccount.Partition}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
    }
}
