using ServerlessMinSheng.Analyzer.Classification;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>Optional overrides of the training defaults, shared by `train` and `cv`.</summary>
internal static class TrainingFlags
{
    public const string Usage = "[--cost C] [--char-min N] [--char-max N] [--word-max N] [--min-df N] [--lead N] [--nb 0|1] [--seed N]";

    public static TrainingOptions Read(Arguments args)
    {
        var defaults = TrainingOptions.Default;
        return defaults with
        {
            Cost = args.Double("cost", defaults.Cost),
            Seed = args.Int("seed", defaults.Seed),
            NaiveBayesScaling = args.Int("nb", defaults.NaiveBayesScaling ? 1 : 0) == 1,
            Features = defaults.Features with
            {
                CharNgramMin = args.Int("char-min", defaults.Features.CharNgramMin),
                CharNgramMax = args.Int("char-max", defaults.Features.CharNgramMax),
                WordNgramMax = args.Int("word-max", defaults.Features.WordNgramMax),
                LeadCharacters = args.Int("lead", defaults.Features.LeadCharacters),
                MinDocumentFrequency = args.Int("min-df", defaults.Features.MinDocumentFrequency),
            },
        };
    }
}
