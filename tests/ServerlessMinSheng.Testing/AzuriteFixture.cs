using ServerlessMinSheng.Storage;
using ServerlessMinSheng.Storage.Blobs;
using ServerlessMinSheng.Storage.Queues;
using ServerlessMinSheng.Storage.Tables;
using Xunit;

namespace ServerlessMinSheng.Testing;

/// <summary>A class fixture: a fresh storage account on the shared Azurite, with clients for its three services.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteAccount? _account;

    public AzuriteAccount Account => _account ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string ConnectionString => Account.ConnectionString;

    public TableServiceClient Tables(StorageClientOptions? options = null) => new(ConnectionString, options);

    public QueueServiceClient Queues(StorageClientOptions? options = null) => new(ConnectionString, options);

    public BlobServiceClient Blobs(StorageClientOptions? options = null) => new(ConnectionString, options);

    public async Task InitializeAsync() => _account = await SharedAzurite.NewAccountAsync().ConfigureAwait(false);

    public Task DisposeAsync() => Task.CompletedTask;
}
