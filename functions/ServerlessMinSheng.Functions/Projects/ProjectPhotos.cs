using System.Text.RegularExpressions;
using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Storage.Blobs;

namespace ServerlessMinSheng.Functions.Projects;

/// <summary>Progress and completion photos: images only (checked by their bytes, not their name), at most 5 MB, in a private container served through the app.</summary>
public sealed partial class ProjectPhotos(BlobServiceClient blobs)
{
    public const string Container = "project-photos";
    public const int MaxBytes = 5 * 1024 * 1024;

    public static bool IsName(string? name) => name is not null && PhotoName().IsMatch(name);

    /// <summary>The image type from the file's first bytes, or null when it is not a JPEG, PNG or WebP.</summary>
    public static (string Extension, string ContentType)? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? ("jpg", "image/jpeg")
        : bytes.Length >= 12 && bytes[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? ("png", "image/png")
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? ("webp", "image/webp")
        : null;

    public async Task<string> SaveAsync(string projectId, byte[] bytes, CancellationToken cancellationToken)
    {
        var (extension, contentType) = Sniff(bytes) ?? throw new FormatException("Not an image.");
        var name = $"{projectId}-{Guid.NewGuid():N}.{extension}";
        var container = blobs.GetBlobContainerClient(Container);
        try
        {
            await container.GetBlobClient(name).UploadBytesAsync(bytes, contentType: contentType, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "ContainerNotFound")
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await container.GetBlobClient(name).UploadBytesAsync(bytes, contentType: contentType, cancellationToken: cancellationToken);
        }

        return name;
    }

    public async Task<(byte[] Bytes, string ContentType)?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = await blobs.GetBlobContainerClient(Container).GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return (result.Value.Content.ToArray(), result.Value.Details.ContentType ?? "application/octet-stream");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    [GeneratedRegex("^p[a-z0-9]{8}-[0-9a-f]{32}\\.(jpg|png|webp)$")]
    private static partial Regex PhotoName();
}
