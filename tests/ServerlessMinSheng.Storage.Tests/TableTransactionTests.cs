using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Storage.Tests;

public class TableTransactionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = azurite.Tables().GetTableClient("tx" + Guid.NewGuid().ToString("N")[..16]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task AHundredInsertsCommitTogetherAndReturnTheirETags()
    {
        var table = await NewTableAsync();

        var etags = await table.SubmitTransactionAsync(Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i:000}") { ["I"] = i })));

        Assert.Equal(100, etags.Count);
        Assert.All(etags, e => Assert.False(e.IsEmpty));
        Assert.Equal(100, await table.QueryAsync<TableEntity>().CountAsync());
        Assert.Equal(etags[42], (await table.GetEntityAsync<TableEntity>("p", "r042")).ETag);
    }

    [Fact]
    public async Task EveryActionTypeAppliesInOneTransaction()
    {
        var table = await NewTableAsync();
        var keepEtag = await table.AddEntityAsync(new TableEntity("p", "update") { ["A"] = "a", ["B"] = "b" });
        await table.AddEntityAsync(new TableEntity("p", "replace") { ["A"] = "a" });
        await table.AddEntityAsync(new TableEntity("p", "delete"));

        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["A"] = "new" }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "update") { ["B"] = "b2" }, keepEtag),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ["C"] = "c" }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert-merge") { ["A"] = "um" }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsert-replace") { ["A"] = "ur" }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ]);

        var rows = await table.QueryAsync<TableEntity>().ToDictionaryAsync(e => e.RowKey);
        Assert.Equal(["add", "replace", "update", "upsert-merge", "upsert-replace"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("a", rows["update"]["A"]);
        Assert.Equal("b2", rows["update"]["B"]);
        Assert.False(rows["replace"].ContainsKey("A"));
    }

    [Fact]
    public async Task OneFailingActionRollsBackTheWholeTransactionAndNamesItsIndex()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r3") { ["Original"] = true });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(Enumerable.Range(0, 6)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}")))));

        Assert.Equal(3, error.FailedEntityIndex);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Single(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task AStaleETagInATransactionIsRejectedAsAWhole()
    {
        var table = await NewTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("p", "guarded"));
        await table.UpsertEntityAsync(new TableEntity("p", "guarded") { ["Changed"] = true });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "history-1")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "guarded") { ["State"] = "x" }, stale),
        ]));

        Assert.Equal(412, error.Status);
        Assert.Null(await table.GetEntityIfExistsAsync<TableEntity>("p", "history-1"));
    }

    [Fact]
    public async Task ATransactionSpanningTwoPartitionsIsRefusedBeforeSending()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("a", "1")),
            new(TableTransactionActionType.Add, new TableEntity("b", "1")),
        ]));

        Assert.Contains("one partition", error.Message, StringComparison.Ordinal);
        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task TransactionsOfMoreThanAHundredOrWithRepeatedRowsAreRefused()
    {
        var table = await NewTableAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(Enumerable.Range(0, 101)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}")))));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "same")),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "same")),
        ]));
    }
}
