using System.Globalization;
using System.Xml.Linq;

namespace ServerlessMinSheng.Storage;

/// <summary>The paged XML listings of the blob and queue services (queues, containers, blobs), followed marker by marker.</summary>
internal static class XmlListing
{
    public static async Task<IReadOnlyList<string>> NamesAsync(
        StoragePipeline pipeline,
        Func<string?, string?, StorageRequest> request,
        string element,
        int? maxResults,
        string operation,
        CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? marker = null;
        do
        {
            var remaining = maxResults is { } max ? Math.Min(5000, max - names.Count).ToString(CultureInfo.InvariantCulture) : null;
            using var response = await pipeline.SendAsync(request(marker, remaining), cancellationToken).ConfigureAwait(false);
            await response.EnsureSuccessAsync(operation, cancellationToken).ConfigureAwait(false);
            var document = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            names.AddRange(document.Descendants(element).Select(e => e.Element("Name")?.Value ?? string.Empty));
            marker = document.Root?.Element("NextMarker")?.Value is { Length: > 0 } next ? next : null;
        }
        while (marker is not null && (maxResults is null || names.Count < maxResults));

        return names;
    }
}
