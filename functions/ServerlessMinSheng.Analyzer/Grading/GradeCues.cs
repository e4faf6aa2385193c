using System.Reflection;

namespace ServerlessMinSheng.Analyzer.Grading;

/// <summary>A group of cue words of one kind and the reason shown when one of them occurs.</summary>
internal sealed record CueGroup(string Kind, IReadOnlyList<string> Cues, string Reason);

/// <summary>The cue table in grade-cues.tsv: data, so staff can extend it without a code change.</summary>
internal static class GradeCues
{
    public const string Complex = "complex";
    public const string Broad = "broad";
    public const string Repeated = "repeated";
    public const string Fix = "fix";
    public const string Department = "department";

    public static IReadOnlyList<CueGroup> Default { get; } = Load();

    private static List<CueGroup> Load()
    {
        const string resource = "ServerlessMinSheng.Analyzer.Grading.grade-cues.tsv";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var groups = new List<CueGroup>();
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (fields.Length >= 2)
            {
                groups.Add(new CueGroup(fields[0], fields[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), fields.Length > 2 ? fields[2] : string.Empty));
            }
        }

        return groups;
    }
}
