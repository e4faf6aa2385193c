namespace ServerlessMinSheng.Analyzer.Features;

/// <summary>
/// How a text becomes features. Stored in the model file, so a model is always applied with
/// the settings it was trained with.
/// </summary>
public sealed record FeatureOptions
{
    /// <summary>Shortest character n-gram. Single characters carry much of the signal in Chinese.</summary>
    public int CharNgramMin { get; init; } = 1;

    /// <summary>Longest character n-gram; four characters cover most place and institution names.</summary>
    public int CharNgramMax { get; init; } = 4;

    /// <summary>Longest word n-gram taken from space-separated (pre-segmented) input; 0 turns the word view off.</summary>
    public int WordNgramMax { get; init; } = 2;

    /// <summary>
    /// A feature must occur in this many training texts to enter the vocabulary. Rare n-grams
    /// are mostly names and typos; dropping them measurably helped on both department data sets
    /// (macro-F1 +0.5 to +1 point against 2). Small seed sets need 1.
    /// </summary>
    public int MinDocumentFrequency { get; init; } = 5;

    /// <summary>
    /// Fold every digit to 0: house numbers and dates are noise for the department, while the
    /// shape ("0号楼") is not.
    /// </summary>
    public bool FoldDigits { get; init; } = true;

    /// <summary>
    /// The first characters of a request are usually its title, the resident's own summary;
    /// their n-grams are added again as a separate "lead" view so the model can weigh them more.
    /// 0 turns the view off.
    /// </summary>
    public int LeadCharacters { get; init; } = 24;

    public static FeatureOptions Default { get; } = new();
}
