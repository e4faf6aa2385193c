using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Tests.Storage;

/// <summary>The retry policy and what a failure that outlasts it means to the app.</summary>
public class StorageFailureTests
{
    private sealed class AttemptCounter : HttpPipelineSynchronousPolicy
    {
        private int _attempts;

        public int Attempts => _attempts;

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _attempts);
    }

    [Fact]
    public async Task StorageThatRefusesConnectionsIsTriedFiveTimesThenReportedUnavailable()
    {
        var port = FreePort.Next();
        var connection = AzuriteAccount.EmulatorConnectionString(AzuriteAccount.DevelopmentAccountName, AzuriteAccount.DevelopmentAccountKey, port, port, port);
        var counter = new AttemptCounter();
        var options = new Azure.Data.Tables.TableClientOptions();
        StorageClients.Configure(options, hooks: new StorageClientHooks(null, counter));
        var table = new Azure.Data.Tables.TableClient(connection, "nowhere", options);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => table.GetEntityOrDefaultAsync<Azure.Data.Tables.TableEntity>("p", "r"));

        Assert.True(StorageFailures.IsUnavailable(error), error.ToString());
        Assert.Equal(5, counter.Attempts);
    }

    [Theory]
    [InlineData(412, true)]
    [InlineData(409, false)]
    [InlineData(404, false)]
    public void OnlyAStaleETagIsAConflict(int status, bool conflict) =>
        Assert.Equal(conflict, new RequestFailedException(status, "x").IsConflict());

    [Theory]
    [InlineData(0, true)]
    [InlineData(503, true)]
    [InlineData(500, true)]
    [InlineData(412, false)]
    [InlineData(400, false)]
    public void ServerErrorsAndNoAnswerAreUnavailability(int status, bool unavailable) =>
        Assert.Equal(unavailable, StorageFailures.IsUnavailable(new RequestFailedException(status, "x")));

    [Fact]
    public void RetriesThatAllFailedAreUnavailabilityButOneRefusalAmongThemIsNot()
    {
        Assert.True(StorageFailures.IsUnavailable(new AggregateException(new RequestFailedException(0, "a"), new RequestFailedException(503, "b"))));
        Assert.False(StorageFailures.IsUnavailable(new AggregateException(new RequestFailedException(0, "a"), new RequestFailedException(403, "b"))));
    }
}
