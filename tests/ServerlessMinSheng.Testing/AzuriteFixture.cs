using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using Xunit;

namespace ServerlessMinSheng.Testing;

/// <summary>A class fixture: a fresh storage account on the shared Azurite, with clients for its three services.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteAccount? _account;

    public AzuriteAccount Account => _account ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string ConnectionString => Account.ConnectionString;

    /// <summary>Clients with the app's own options (transport, retries, base64 queue messages).</summary>
    public TableServiceClient Tables() => StorageClients.Tables(ConnectionString);

    public QueueServiceClient Queues() => StorageClients.Queues(ConnectionString);

    public BlobServiceClient Blobs() => StorageClients.Blobs(ConnectionString);

    public async Task InitializeAsync() => _account = await SharedAzurite.NewAccountAsync().ConfigureAwait(false);

    public Task DisposeAsync() => Task.CompletedTask;
}
