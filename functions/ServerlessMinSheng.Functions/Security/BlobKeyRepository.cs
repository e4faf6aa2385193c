using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Storage.Blobs;

namespace ServerlessMinSheng.Functions.Security;

/// <summary>
/// Keeps the ASP.NET Data Protection key ring (which signs sign-in cookies and antiforgery tokens and
/// encrypts partner secrets) in a private blob container, so every instance and every restart shares
/// it: a scale-out or a deployment never signs everyone out.
/// </summary>
internal sealed class BlobKeyRepository(BlobServiceClient blobs) : IXmlRepository
{
    public const string ContainerName = "dataprotection";
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(ContainerName);

    public IReadOnlyCollection<XElement> GetAllElements() => Task.Run(async () =>
    {
        try
        {
            var elements = new List<XElement>();
            await foreach (var item in _container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "keys/", CancellationToken.None))
            {
                var content = await _container.GetBlobClient(item.Name).DownloadBytesAsync();
                elements.Add(XElement.Parse(Encoding.UTF8.GetString(content.Span)));
            }

            return (IReadOnlyCollection<XElement>)elements;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "ContainerNotFound")
        {
            return [];
        }
    }).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => Task.Run(async () =>
    {
        await _container.CreateIfNotExistsAsync();
        var bytes = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        await _container.GetBlobClient($"keys/{friendlyName}.xml").UploadBytesAsync(bytes, overwrite: true, contentType: "application/xml");
    }).GetAwaiter().GetResult();
}
