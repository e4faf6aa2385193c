using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using ServerlessMinSheng.Storage;
using ServerlessMinSheng.Storage.Blobs;

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
            var names = await _container.GetBlobNamesAsync("keys/");
            var elements = new List<XElement>();
            foreach (var name in names)
            {
                var content = await _container.GetBlobClient(name).DownloadContentAsync();
                elements.Add(XElement.Parse(Encoding.UTF8.GetString(content.Content.Span)));
            }

            return (IReadOnlyCollection<XElement>)elements;
        }
        catch (StorageRequestFailedException ex) when (ex.ErrorCode == "ContainerNotFound")
        {
            return [];
        }
    }).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => Task.Run(async () =>
    {
        await _container.CreateIfNotExistsAsync();
        var bytes = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        await _container.GetBlobClient($"keys/{friendlyName}.xml").UploadAsync(bytes, overwrite: true, contentType: "application/xml");
    }).GetAwaiter().GetResult();
}
