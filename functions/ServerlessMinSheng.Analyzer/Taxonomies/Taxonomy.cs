using System.Reflection;
using ServerlessMinSheng.Analyzer.Classification;

namespace ServerlessMinSheng.Analyzer.Taxonomies;

/// <summary>One category of a taxonomy: a stable id for code and storage, the Chinese name staff see.</summary>
public sealed record TaxonomyCategory(string Id, string Name, string Scope);

/// <summary>A named list of categories, read from a TSV shipped in the assembly.</summary>
public sealed record Taxonomy(string Name, IReadOnlyList<TaxonomyCategory> Categories)
{
    /// <summary>The seven departments of the city message-board data (一级标签).</summary>
    public static Taxonomy Departments { get; } = Load("departments", "departments.tsv");

    /// <summary>The six 亦庄 themes: 平安 智慧 健康 活力 文明 宜居.</summary>
    public static Taxonomy Themes { get; } = Load("themes", "themes.tsv");

    public TaxonomyCategory? FindByName(string name) =>
        Categories.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The hand-written seed examples for the themes (written for this project, in residents'
    /// voice); a fresh install trains its theme model from them, staff corrections refine it.
    /// </summary>
    public static IReadOnlyList<LabeledText> ThemeSeed() => ReadSeed("theme-seed.tsv");

    /// <summary>
    /// The hand-written seed examples for the departments (written for this project from
    /// general knowledge, not taken from any real message board); a fresh install trains its
    /// department model from them until a model trained on the platform's own confirmed
    /// requests exists.
    /// </summary>
    public static IReadOnlyList<LabeledText> DepartmentSeed() => ReadSeed("department-seed.tsv");

    /// <summary>Category names in file order, the labels a classifier of this taxonomy predicts.</summary>
    public IReadOnlyList<string> Labels => [.. Categories.Select(c => c.Name)];

    public TaxonomyCategory? FindById(string id) =>
        Categories.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    private static List<LabeledText> ReadSeed(string file) =>
        ReadResource(file).Select(fields => new LabeledText(fields[1], fields[0])).ToList();

    private static Taxonomy Load(string name, string file) =>
        new(name, ReadResource(file).Select(f => new TaxonomyCategory(f[0], f[1], f.Length > 2 ? f[2] : string.Empty)).ToList());

    /// <summary>Data lines of an embedded TSV, header skipped.</summary>
    internal static IEnumerable<string[]> ReadResource(string file)
    {
        var resource = "ServerlessMinSheng.Analyzer.Taxonomies." + file;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        var lines = new List<string[]>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line.Split('\t'));
            }
        }

        return lines;
    }
}
