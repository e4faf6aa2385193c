namespace ServerlessMinSheng.Analyzer.Benchmarks;

/// <summary>Reads the shared petition files (never copied into the repository).</summary>
internal static class BenchmarkData
{
    public static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("SMS_SHARED_DATA");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "petitions");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Rows of a TSV as field arrays, header skipped.</summary>
    public static IEnumerable<string[]> Rows(string directory, string file) =>
        File.ReadLines(Path.Combine(directory, file)).Skip(1).Select(line => line.Split('\t'));

    /// <summary>
    /// Every message text of the shared files (message-board title + body, raw training text),
    /// repeated in order until there are <paramref name="count"/>.
    /// </summary>
    public static List<string> Messages(string directory, int count)
    {
        var distinct = Rows(directory, "hot_issue_messages.tsv").Select(f => f[3] + " " + f[4])
            .Concat(Rows(directory, "unlabeled_messages.tsv").Select(f => f[3] + " " + f[4]))
            .Concat(Rows(directory, "train_raw.tsv").Select(f => f[4]))
            .ToList();
        return Enumerable.Range(0, count).Select(i => distinct[i % distinct.Count]).ToList();
    }
}
