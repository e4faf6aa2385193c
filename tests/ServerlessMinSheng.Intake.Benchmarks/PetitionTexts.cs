using System.Text;

namespace ServerlessMinSheng.Intake.Benchmarks;

/// <summary>A resident's message: a title (may be empty) and its text.</summary>
internal sealed record Opinion(string Title, string Body);

/// <summary>
/// Real resident messages from the shared petition files (read at run time, never copied into the
/// repository): <c>unlabeled_messages.tsv</c> and <c>train_raw.tsv</c>, 5,716 messages, in a fixed
/// shuffled order so neighbouring rows are not from the same file.
/// </summary>
internal static class PetitionTexts
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("SMS_SHARED_DATA") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "data", "petitions"));

    public static IReadOnlyList<Opinion> Load()
    {
        var folder = Directory;
        if (!File.Exists(Path.Combine(folder, "unlabeled_messages.tsv")))
        {
            throw new InvalidOperationException($"The shared petition data is not at {folder}; set SMS_SHARED_DATA to the folder holding unlabeled_messages.tsv.");
        }

        // unlabeled: message_id, user, time, title, body. train_raw: row_no, label, title, body, text (some rows only have text).
        var unlabeled = Rows(folder, "unlabeled_messages.tsv").Where(f => f.Length >= 5).Select(f => new Opinion(f[3], f[4]));
        var train = Rows(folder, "train_raw.tsv").Where(f => f.Length >= 5)
            .Select(f => f[3].Length > 0 ? new Opinion(f[2], f[3]) : new Opinion(string.Empty, f[4]));
        var all = unlabeled.Concat(train).Where(o => o.Body.Trim().Length > 0).ToList();
        var random = new Random(2026);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(all));
        return all;
    }

    /// <summary>
    /// A survey file in the import template's format (标题,内容,社区,地址,电话,公开; UTF-8 with BOM, every
    /// field quoted), one opinion per row, cycling through <paramref name="communities"/>. Opinions are cut
    /// to <paramref name="maxChars"/> characters at a sentence end where one is near: questionnaire
    /// answers are short, and whole message-board posts would make 20,000 rows larger than the 20 MB
    /// upload limit.
    /// </summary>
    public static byte[] SurveyCsv(IReadOnlyList<Opinion> opinions, IReadOnlyList<string> communities, int rows, int maxChars)
    {
        var text = new StringBuilder(rows * maxChars);
        text.Append("标题,内容,社区,地址,电话,公开\r\n");
        for (var i = 0; i < rows; i++)
        {
            var opinion = opinions[i % opinions.Count];
            var phone = i % 20 == 7 ? $"139{i % 100_000_000:D8}" : string.Empty;
            var address = i % 4 == 0 ? $"{(i % 30) + 1}号楼" : string.Empty;
            string[] cells = [Cut(opinion.Title, 100), Cut(opinion.Body, maxChars), communities[i % communities.Count], address, phone, i % 3 == 0 ? "否" : "是"];
            text.AppendJoin(',', cells.Select(Quote)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>At most <paramref name="max"/> characters, ending at the last 。！？ in the second half if there is one.</summary>
    public static string Cut(string text, int max)
    {
        text = text.Trim();
        if (text.Length <= max)
        {
            return text;
        }

        var end = text.AsSpan(0, max).LastIndexOfAny("。！？!?");
        return end >= max / 2 ? text[..(end + 1)] : text[..max];
    }

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static IEnumerable<string[]> Rows(string folder, string file) =>
        File.ReadLines(Path.Combine(folder, file)).Skip(1).Select(line => line.Split('\t'));
}
