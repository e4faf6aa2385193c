namespace ServerlessMinSheng.Storage.Tests;

public class ConnectionStringTests
{
    [Fact]
    public void DevelopmentStorageUsesAzuriteDefaultPortsWithPathStyleUrls()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Fact]
    public void DevelopmentStorageProxyUriMovesTheHost()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://azurite");

        Assert.Equal(new Uri("http://azurite:10002/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Fact]
    public void AccountKeyFormUsesExplicitEndpointsAndDefaultsTheOthers()
    {
        var parsed = StorageConnectionString.Parse(
            "DefaultEndpointsProtocol=https;AccountName=minsheng;AccountKey=c2VjcmV0;TableEndpoint=http://127.0.0.1:5555/minsheng;");

        Assert.Equal("minsheng", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:5555/minsheng"), parsed.TableEndpoint);
        Assert.Equal(new Uri("https://minsheng.queue.core.windows.net"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("https://minsheng.blob.core.windows.net"), parsed.BlobEndpoint);
    }

    [Fact]
    public void EndpointSuffixChoosesTheCloud()
    {
        var parsed = StorageConnectionString.Parse("AccountName=minsheng;AccountKey=c2VjcmV0;EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://minsheng.table.core.chinacloudapi.cn"), parsed.TableEndpoint);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountName=minsheng", "missing AccountKey")]
    [InlineData("AccountKey=c2VjcmV0", "missing AccountName")]
    [InlineData("AccountName=minsheng;AccountKey=not base64!", "not valid base64")]
    [InlineData("AccountName=minsheng;AccountKey=c2VjcmV0;Colour=blue", "unknown key 'Colour'")]
    [InlineData("AccountName=minsheng;SharedAccessSignature=sv=2020", "SAS connection strings are not supported")]
    [InlineData("AccountName=minsheng;AccountKey=c2VjcmV0;TableEndpoint=not-a-url", "TableEndpoint 'not-a-url' is not an absolute http(s) URL")]
    [InlineData("DefaultEndpointsProtocol=ftp;AccountName=a;AccountKey=c2VjcmV0", "must be 'http' or 'https'")]
    [InlineData("UseDevelopmentStorage=yes", "must be 'true'")]
    [InlineData("AccountName=a;AccountName=b;AccountKey=c2VjcmV0", "sets 'AccountName' twice")]
    [InlineData("AccountName", "without 'key=value'")]
    public void MalformedConnectionStringNamesWhatIsWrong(string connectionString, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToStringNeverShowsTheKey()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.DoesNotContain(StorageConnectionString.DevelopmentAccountKey, parsed.ToString(), StringComparison.Ordinal);
    }
}
