using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Storage.Tests;

public class TableClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static int _tableCounter;

    private async Task<TableClient> NewTableAsync()
    {
        var table = azurite.Tables().GetTableClient($"t{Interlocked.Increment(ref _tableCounter)}x{Guid.NewGuid():N}"[..20]);
        Assert.True(await table.CreateIfNotExistsAsync());
        return table;
    }

    [Fact]
    public async Task CreatingAnExistingTableReportsThatItExisted()
    {
        var table = await NewTableAsync();

        Assert.False(await table.CreateIfNotExistsAsync());
        Assert.Contains(table.Name, await azurite.Tables().GetTableNamesAsync());
        Assert.True(await table.DeleteAsync());
        Assert.False(await table.DeleteAsync());
    }

    [Fact]
    public async Task EveryPropertyTypeRoundTrips()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.FromHours(8)).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "民有所呼、我有所应 <b>&\"'",
            ["Small"] = 42,
            ["Big"] = 9_007_199_254_740_993L,
            ["Ratio"] = 3.0,
            ["NotANumber"] = double.NaN,
            ["Flag"] = true,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
        };

        var etag = await table.AddEntityAsync(entity);
        var read = await table.GetEntityAsync<TableEntity>("p", "r");

        Assert.False(etag.IsEmpty);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("民有所呼、我有所应 <b>&\"'", read.GetString("Text"));
        Assert.Equal(42, read["Small"]);
        Assert.Equal(9_007_199_254_740_993L, read["Big"]);
        Assert.Equal(3.0, read["Ratio"]);
        Assert.True(double.IsNaN(read.GetDouble("NotANumber")!.Value));
        Assert.Equal(true, read["Flag"]);
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read.GetBinary("Bytes"));
    }

    [Fact]
    public async Task TypedEntitiesMapTheirPropertiesIncludingEnumsByName()
    {
        var table = await NewTableAsync();
        var due = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        await table.AddEntityAsync(new SampleRequest { PartitionKey = "c1", RowKey = "r1", Title = "路灯不亮", Grade = SampleGrade.C, Votes = 7, Due = due, Score = 4.5 });

        var read = await table.GetEntityAsync<SampleRequest>("c1", "r1");
        var raw = await table.GetEntityAsync<TableEntity>("c1", "r1");

        Assert.Equal("路灯不亮", read.Title);
        Assert.Equal(SampleGrade.C, read.Grade);
        Assert.Equal(7, read.Votes);
        Assert.Equal(due, read.Due);
        Assert.Equal(4.5, read.Score);
        Assert.Null(read.Note);
        Assert.Equal("C", raw["Grade"]);
        Assert.False(raw.ContainsKey(nameof(SampleRequest.Note)));
        Assert.False(raw.ContainsKey(nameof(SampleRequest.Computed)));
    }

    [Fact]
    public async Task AddingAnExistingEntityFailsWithEntityAlreadyExists()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "dup"));

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "dup")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task UpsertMergeKeepsOtherPropertiesAndReplaceDropsThem()
    {
        var table = await NewTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = "b2" }, TableUpdateMode.Merge);
        var merged = await table.GetEntityAsync<TableEntity>("p", "r");
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = "c" }, TableUpdateMode.Replace);
        var replaced = await table.GetEntityAsync<TableEntity>("p", "r");

        Assert.Equal("a", merged["A"]);
        Assert.Equal("b2", merged["B"]);
        Assert.False(replaced.ContainsKey("A"));
        Assert.Equal("c", replaced["C"]);
    }

    [Fact]
    public async Task UpdateWithAStaleETagIsAConcurrencyErrorAndChangesNothing()
    {
        var table = await NewTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["State"] = "published" });
        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["State"] = "claimed" }, first);

        var error = await Assert.ThrowsAsync<StorageConcurrencyException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["State"] = "cancelled" }, first));

        Assert.NotEqual(first, second);
        Assert.Equal(412, error.Status);
        Assert.Equal("claimed", (await table.GetEntityAsync<TableEntity>("p", "r"))["State"]);
    }

    [Fact]
    public async Task OnlyOneOfTwentyConcurrentConditionalUpdatesWins()
    {
        var table = await NewTableAsync();
        var etag = await table.AddEntityAsync(new TableEntity("p", "race") { ["Winner"] = "none" });

        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await table.UpdateEntityAsync(new TableEntity("p", "race") { ["Winner"] = $"w{i}" }, etag);
                return true;
            }
            catch (StorageConcurrencyException)
            {
                return false;
            }
        });
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(won => won));
    }

    [Fact]
    public async Task UpdatingAMissingEntityIsNotFound()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "missing"), ETag.All));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task DeleteIsIdempotentAndHonoursETags()
    {
        var table = await NewTableAsync();
        var etag = await table.AddEntityAsync(new TableEntity("p", "r"));
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["X"] = 1 }, etag);

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => table.DeleteEntityAsync("p", "r", etag));
        Assert.True(await table.DeleteEntityAsync("p", "r"));
        Assert.False(await table.DeleteEntityAsync("p", "r"));
        Assert.Null(await table.GetEntityIfExistsAsync<TableEntity>("p", "r"));
        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.GetEntityAsync<TableEntity>("p", "r"));
        Assert.Equal(404, error.Status);
    }

    [Theory]
    [InlineData("O'Brien's", "a'b''c")]
    [InlineData("朝阳社区", "2026-11 第一批")]
    [InlineData("100% sure", "a+b=c&d")]
    [InlineData("", "empty partition")]
    public async Task KeysWithQuotesSpacesAndChineseAreAddressedExactly(string partitionKey, string rowKey)
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity(partitionKey, rowKey) { ["V"] = 1 });

        var read = await table.GetEntityAsync<TableEntity>(partitionKey, rowKey);
        var queried = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey eq {rowKey}")).ToListAsync();

        Assert.Equal(rowKey, read.RowKey);
        Assert.Equal(partitionKey, Assert.Single(queried).PartitionKey);
        Assert.True(await table.DeleteEntityAsync(partitionKey, rowKey));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    public async Task KeysTheServiceForbidsAreRejectedBeforeSending(string rowKey)
    {
        var table = azurite.Tables().GetTableClient("nevercreated");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", rowKey)));

        Assert.Contains("RowKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueriesFollowContinuationTokensAcrossPages()
    {
        var table = await NewTableAsync();
        foreach (var chunk in Enumerable.Range(0, 2_345).Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(
                TableTransactionActionType.Add, new TableEntity("many", i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)) { ["N"] = i, ["Even"] = i % 2 == 0 })));
        }

        var all = await table.QueryAsync<TableEntity>(maxPerPage: 1000).ToListAsync();
        var even = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Even eq {true} and N ge {2000}"), select: ["N"]).ToListAsync();
        var firstPage = await table.QueryPageAsync<TableEntity>(maxPerPage: 10);
        var secondPage = await table.QueryPageAsync<TableEntity>(maxPerPage: 10, continuationToken: firstPage.ContinuationToken);

        Assert.Equal(2_345, all.Count);
        Assert.Equal(Enumerable.Range(0, 2_345), all.Select(e => e.GetInt32("N")!.Value));
        Assert.Equal(173, even.Count);
        Assert.All(even, e => Assert.False(e.ContainsKey("Even")));
        Assert.Equal(10, firstPage.Values.Count);
        Assert.NotNull(firstPage.ContinuationToken);
        Assert.Equal("00010", secondPage.Values[0].RowKey);
    }

    [Fact]
    public void QueryFiltersQuoteAndTypeEveryLiteral()
    {
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var id = Guid.Parse("4a2f0c5e-1b2c-4d5e-8f90-123456789abc");
        var name = "O'Brien";

        var filter = TableClient.CreateQueryFilter($"Name eq {name} and Count gt {5} and Big lt {5L} and When ge {when} and Id eq {id} and Done eq {false} and Grade eq {SampleGrade.A}");

        Assert.Equal(
            "Name eq 'O''Brien' and Count gt 5 and Big lt 5L and When ge datetime'2026-01-02T03:04:05.0000000Z' and Id eq guid'4a2f0c5e-1b2c-4d5e-8f90-123456789abc' and Done eq false and Grade eq 'A'",
            filter);
    }

    [Fact]
    public void InvalidTableNamesAreRejected()
    {
        var tables = azurite.Tables();

        Assert.Throws<ArgumentException>(() => tables.GetTableClient("1abc"));
        Assert.Throws<ArgumentException>(() => tables.GetTableClient("ab"));
        Assert.Throws<ArgumentException>(() => tables.GetTableClient("with-hyphen"));
    }
}

public enum SampleGrade
{
    A,
    B,
    C,
}

public sealed class SampleRequest : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Title { get; set; } = string.Empty;

    public SampleGrade Grade { get; set; }

    public int Votes { get; set; }

    public DateTime Due { get; set; }

    public double Score { get; set; }

    public string? Note { get; set; }

    [System.Runtime.Serialization.IgnoreDataMember]
    public string Computed => Title + Votes;
}
