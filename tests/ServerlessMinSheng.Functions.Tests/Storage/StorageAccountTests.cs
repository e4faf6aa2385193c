using Microsoft.Extensions.Configuration;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Tests.Storage;

/// <summary>The Functions-standard storage settings: a connection string, or an identity-based connection with no key.</summary>
public class StorageAccountTests
{
    private static StorageAccount Read(params (string Key, string Value)[] settings) =>
        StorageAccount.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void AnAccountNameAloneNamesTheThreeServicesOfThatAccount()
    {
        var account = Read(("AzureWebJobsStorage:accountName", "minsheng"));

        Assert.True(account.UsesIdentity);
        Assert.Equal(new Uri("https://minsheng.table.core.windows.net"), account.TableServiceUri);
        Assert.Equal(new Uri("https://minsheng.queue.core.windows.net"), account.QueueServiceUri);
        Assert.Equal(new Uri("https://minsheng.blob.core.windows.net"), account.BlobServiceUri);
        Assert.Equal(new Uri("https://minsheng.table.core.windows.net"), account.CreateTableServiceClient(StorageClients.TableOptions()).Uri);
    }

    [Fact]
    public void AServiceUriOverridesTheOneTheAccountNameGives()
    {
        var account = Read(("AzureWebJobsStorage:accountName", "minsheng"), ("AzureWebJobsStorage:queueServiceUri", "https://queues.example.cn/"));

        Assert.Equal(new Uri("https://queues.example.cn/"), account.QueueServiceUri);
        Assert.Equal(new Uri("https://minsheng.table.core.windows.net"), account.TableServiceUri);
    }

    [Fact]
    public void AConnectionStringWinsAndUsesTheKeyItHolds()
    {
        var account = Read(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage:accountName", "ignored"));

        Assert.False(account.UsesIdentity);
        Assert.Equal("devstoreaccount1", account.CreateTableServiceClient(StorageClients.TableOptions()).AccountName);
    }

    [Fact]
    public void NoSettingAtAllNamesBothWaysToGiveOne()
    {
        var error = Assert.Throws<StartupException>(() => Read());

        Assert.Contains("AzureWebJobsStorage is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }
}
