using System.Runtime.Serialization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Tests.Storage;

/// <summary>
/// Data written before the move to the Azure SDKs reads the same after it. The old client stored the
/// same EDM types the SDK does (Int64, Double, DateTime, Guid, Binary annotated; enums as their names;
/// queue text base64), so no migration is needed; these tests pin that down.
/// </summary>
public class StorageCompatibilityTests
{
    public enum Grade
    {
        A,
        B,
        C,
    }

    public sealed class Shapes : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public Grade Grade { get; set; }

        public Grade? MaybeGrade { get; set; }

        public long Big { get; set; }

        public int Small { get; set; }

        public double Ratio { get; set; }

        public bool Flag { get; set; }

        public DateTime At { get; set; }

        public DateTimeOffset? When { get; set; }

        public Guid Id { get; set; }

        public byte[]? Bytes { get; set; }

        public string? Text { get; set; }

        [IgnoreDataMember]
        public string Derived => Text + "!";
    }

    [Fact]
    public async Task AnEntityInTheOldShapesReadsIntoTheSameTypedProperties()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var table = StorageClients.Tables(account.ConnectionString).GetTableClient("compat");
        await table.CreateIfNotExistsAsync();
        var at = new DateTimeOffset(2026, 11, 30, 1, 2, 3, TimeSpan.Zero);
        var id = Guid.NewGuid();

        // The property bag as the old client wrote it: enum by name, long as Edm.Int64, dates as Edm.DateTime.
        await table.AddEntityAsync(new TableEntity("p", "r")
        {
            ["Grade"] = "B",
            ["MaybeGrade"] = "C",
            ["Big"] = 5_000_000_000L,
            ["Small"] = 7,
            ["Ratio"] = 0.25,
            ["Flag"] = true,
            ["At"] = at,
            ["When"] = at,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 1, 2, 3 },
            ["Text"] = "民有所呼",
        });

        var read = (await table.GetEntityOrDefaultAsync<Shapes>("p", "r"))!;

        Assert.Equal(Grade.B, read.Grade);
        Assert.Equal(Grade.C, read.MaybeGrade);
        Assert.Equal(5_000_000_000L, read.Big);
        Assert.Equal(7, read.Small);
        Assert.Equal(0.25, read.Ratio);
        Assert.True(read.Flag);
        Assert.Equal(at.UtcDateTime, read.At.ToUniversalTime());
        Assert.Equal(at, read.When);
        Assert.Equal(id, read.Id);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.Bytes);
        Assert.Equal("民有所呼", read.Text);
        Assert.NotEqual(default, read.ETag);
    }

    [Fact]
    public async Task ATypedEntityIsStoredInTheOldShapes()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var table = StorageClients.Tables(account.ConnectionString).GetTableClient("compat");
        await table.CreateIfNotExistsAsync();

        // The SDK refuses a DateTime that is not UTC (our old client assumed UTC); the app stores DateTimeOffset only.
        await table.AddEntityAsync(new Shapes { PartitionKey = "p", RowKey = "r", Grade = Grade.A, Big = 1, Text = "x", At = DateTime.UnixEpoch });
        var bag = (await table.GetEntityOrDefaultAsync<TableEntity>("p", "r"))!;

        Assert.Equal("A", bag["Grade"]);
        Assert.IsType<long>(bag["Big"]);
        Assert.False(bag.ContainsKey(nameof(Shapes.Derived)));
    }

    [Fact]
    public async Task QueueMessagesAreBase64OnTheWireAndNeverExpire()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var queue = StorageClients.Queues(account.ConnectionString).GetQueueClient("compat");
        await queue.CreateIfNotExistsAsync();

        var receipt = await queue.SendDurableMessageAsync("{\"code\":\"民生\"}");
        var raw = new QueueClient(account.ConnectionString, "compat", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var peeked = Assert.Single((await raw.PeekMessagesAsync()).Value);

        Assert.Equal("{\"code\":\"民生\"}", Encoding.UTF8.GetString(Convert.FromBase64String(peeked.Body.ToString())));
        Assert.Equal(9999, receipt.ExpirationTime.Year);
    }
}
