using System.Globalization;
using ServerlessMinSheng.Analyzer.Clustering;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>
/// Where the id, text, time and likes of a request are in a TSV. Accepts the platform's own
/// export (id, text) and the message-board layout (message_id, title, body, time, likes).
/// </summary>
internal sealed class RequestColumns
{
    private readonly int _id;
    private readonly int[] _text;
    private readonly int _time;
    private readonly int _likes;

    private RequestColumns(int id, int[] text, int time, int likes)
    {
        _id = id;
        _text = text;
        _time = time;
        _likes = likes;
    }

    public static RequestColumns From(TsvReader reader)
    {
        var id = Find(reader, "id") ?? Find(reader, "message_id") ?? throw new InvalidDataException("No 'id' column in the header.");
        int[] text = Find(reader, "text") is { } t ? [t]
            : Find(reader, "title") is { } title && Find(reader, "body") is { } body ? [title, body]
            : throw new InvalidDataException("No 'text' column (or 'title' and 'body') in the header.");
        return new RequestColumns(id, text, Find(reader, "time") ?? -1, Find(reader, "likes") ?? -1);
    }

    public ClusterDocument Read(TsvRow row)
    {
        var text = string.Join(' ', _text.Select(row.Get));
        var time = _time >= 0 && DateTimeOffset.TryParse(row.Get(_time), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : DateTimeOffset.UnixEpoch;
        var likes = _likes >= 0 && int.TryParse(row.Get(_likes), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var id = row.Get(_id).Trim();
        return new ClusterDocument(id.Length > 0 ? id : $"line{row.LineNumber}", text, time, likes);
    }

    private static int? Find(TsvReader reader, string name)
    {
        for (var i = 0; i < reader.Header.Count; i++)
        {
            if (string.Equals(reader.Header[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }
}
