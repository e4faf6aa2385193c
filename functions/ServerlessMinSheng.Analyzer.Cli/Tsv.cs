namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>TSV output helpers.</summary>
internal static class Tsv
{
    /// <summary>A field can hold neither a tab nor a line break; both become a space.</summary>
    public static string Clean(string value) =>
        value.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
