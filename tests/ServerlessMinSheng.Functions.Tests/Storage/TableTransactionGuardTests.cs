using Azure;
using Azure.Data.Tables;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Tests.Storage;

/// <summary>The rules Azure Storage enforces on entity-group transactions, checked before a batch leaves the app (Azurite enforces some of them not at all).</summary>
public class TableTransactionGuardTests
{
    private static async Task<TableClient> NewTableAsync()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var table = StorageClients.Tables(account.ConnectionString).GetTableClient("guard" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static async Task<int> CountAsync(TableClient table) => (await table.QueryAsync<TableEntity>().ToListAsync()).Count;

    [Fact]
    public async Task ABatchAcrossTwoPartitionsIsRefusedAndWritesNothing()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitBatchAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", "1")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("b", "1")),
        ]));

        Assert.Contains("one partition", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(table));
    }

    [Fact]
    public async Task ARowTwiceInOneBatchIsRefused()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitBatchAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("a", "1")),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("a", "1")),
        ]));

        Assert.Contains("RowKey '1' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreThanAHundredActionsOrFourMebibytesAreRefused()
    {
        var table = await NewTableAsync();
        var many = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", $"{i:000}"))).ToList();
        var big = Enumerable.Range(0, 80).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", $"{i:000}") { ["Text"] = new string('民', 30_000) })).ToList();

        Assert.Contains("1 to 100 actions, not 101", (await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitBatchAsync(many))).Message, StringComparison.Ordinal);
        Assert.Contains("4 MiB", (await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitBatchAsync(big))).Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(table));
    }

    [Fact]
    public async Task ABatchReturnsETagsThatGuardTheNextWrite()
    {
        var table = await NewTableAsync();

        var etags = await table.SubmitBatchAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", "1") { ["N"] = 1 }),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", "2") { ["N"] = 2 }),
        ]);
        await table.UpdateEntityAsync(new TableEntity("a", "1") { ["N"] = 10 }, etags[0], TableUpdateMode.Replace);

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(new TableEntity("a", "1") { ["N"] = 11 }, etags[0], TableUpdateMode.Replace));
        Assert.True(stale.IsConflict());
        Assert.Equal(2, etags.Count);
        Assert.NotEqual(etags[0], etags[1]);
        Assert.Equal(10, (await table.GetEntityOrDefaultAsync<TableEntity>("a", "1"))!.GetInt32("N"));
    }

    [Fact]
    public async Task AFailedActionNamesItsIndexAndTheBatchWritesNothing()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("a", "2"));

        var failed = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitBatchAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", "1")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", "2")),
        ]));

        Assert.Equal("EntityAlreadyExists", failed.ErrorCode);
        Assert.Equal(1, failed.FailedTransactionActionIndex);
        Assert.Null(await table.GetEntityOrDefaultAsync<TableEntity>("a", "1"));
    }
}
