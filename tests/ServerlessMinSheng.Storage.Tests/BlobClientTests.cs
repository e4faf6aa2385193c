using System.Text;
using ServerlessMinSheng.Storage.Blobs;

namespace ServerlessMinSheng.Storage.Tests;

public class BlobClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = azurite.Blobs().GetBlobContainerClient("c" + Guid.NewGuid().ToString("N")[..20]);
        Assert.True(await container.CreateIfNotExistsAsync());
        return container;
    }

    [Fact]
    public async Task ABlobRoundTripsWithItsContentType()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("imports/2026/问卷 第一批.csv");
        var content = Encoding.UTF8.GetBytes("标题,内容\n路灯,不亮\n");

        var etag = await blob.UploadAsync(content, contentType: "text/csv");
        var downloaded = await blob.DownloadContentAsync();

        Assert.False(etag.IsEmpty);
        Assert.Equal(content, downloaded.Content.ToArray());
        Assert.Equal("text/csv", downloaded.Properties.ContentType);
        Assert.Equal(content.Length, (await blob.GetPropertiesAsync())!.ContentLength);
        Assert.Equal(["imports/2026/问卷 第一批.csv"], await container.GetBlobNamesAsync("imports/"));
    }

    [Fact]
    public async Task UploadingOverAnExistingBlobNeedsOverwrite()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("once");
        await blob.UploadAsync(new byte[] { 1 });

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => blob.UploadAsync(new byte[] { 2 }));
        await blob.UploadAsync(new byte[] { 3 }, overwrite: true);

        Assert.Equal(409, error.Status);
        Assert.Equal(new byte[] { 3 }, (await blob.DownloadContentAsync()).Content.ToArray());
    }

    [Fact]
    public async Task DeletingIsIdempotentAndAMissingBlobHasNoProperties()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("gone");
        await blob.UploadAsync(new byte[] { 1, 2, 3 });

        Assert.True(await blob.DeleteIfExistsAsync());
        Assert.False(await blob.DeleteIfExistsAsync());
        Assert.Null(await blob.GetPropertiesAsync());
        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => blob.DownloadContentAsync());
        Assert.Equal(404, error.Status);
    }
}
