using System.Net;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Storage.Tests;

public class RetryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static StorageRetryOptions Fast(int retries) => new() { MaxRetries = retries, Delay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task TransientServiceErrorsAreRetriedUntilTheCallSucceeds()
    {
        var handler = new FaultInjectingHandler(failures: 2);
        var retries = new List<StorageRetryEvent>();
        var table = azurite.Tables(new StorageClientOptions { HttpClient = new HttpClient(handler), Retry = Fast(3), OnRetry = retries.Add }).GetTableClient("retried");

        Assert.True(await table.CreateIfNotExistsAsync());

        Assert.Equal(3, handler.Requests);
        Assert.Equal([1, 2], retries.Select(r => r.Attempt));
        Assert.All(retries, r => Assert.Equal(503, r.Status));
    }

    [Fact]
    public async Task PersistentServiceErrorsSurfaceAsUnavailableAfterTheLastRetry()
    {
        var handler = new FaultInjectingHandler(failures: int.MaxValue);
        var table = azurite.Tables(new StorageClientOptions { HttpClient = new HttpClient(handler), Retry = Fast(2) }).GetTableClient("neverok");

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => table.CreateIfNotExistsAsync());

        Assert.Equal(503, error.Status);
        Assert.Equal(3, handler.Requests);
    }

    [Fact]
    public async Task AnAttemptThatTimesOutIsRetried()
    {
        var handler = new FaultInjectingHandler(1, async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var options = new StorageClientOptions { HttpClient = new HttpClient(handler), Retry = Fast(2), NetworkTimeout = TimeSpan.FromMilliseconds(300) };
        var table = azurite.Tables(options).GetTableClient("slowfirst");

        Assert.True(await table.CreateIfNotExistsAsync());
        Assert.Equal(2, handler.Requests);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        var handler = new FaultInjectingHandler(failures: 0);
        var table = azurite.Tables(new StorageClientOptions { HttpClient = new HttpClient(handler), Retry = Fast(5) }).GetTableClient("conflicts");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        var before = handler.Requests;

        await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(before + 1, handler.Requests);
    }

    [Fact]
    public async Task AnUnreachableServiceIsReportedWithItsAddress()
    {
        var port = FreePort.Next();
        var connection = StorageConnectionString.ForEmulator("devstoreaccount1", StorageConnectionString.DevelopmentAccountKey, port, port, port);
        var table = new TableClient(connection, "nowhere", new StorageClientOptions { Retry = Fast(1) });

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => table.CreateIfNotExistsAsync());

        Assert.Equal(0, error.Status);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BackOffGrowsExponentiallyWithJitterAndStaysUnderTheCap()
    {
        var options = new StorageRetryOptions { Delay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };

        var delays = Enumerable.Range(1, 6).Select(a => Enumerable.Range(0, 200).Select(_ => StoragePipeline.BackOff(options, a).TotalMilliseconds).ToArray()).ToArray();

        Assert.All(delays[0], d => Assert.InRange(d, 50, 100));
        Assert.All(delays[2], d => Assert.InRange(d, 200, 400));
        Assert.All(delays[5], d => Assert.InRange(d, 500, 1000));
        Assert.True(delays[2].Distinct().Count() > 100, "delays should be jittered, not fixed");
    }
}
