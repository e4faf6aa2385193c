using ServerlessMinSheng.Analyzer.Text;

namespace ServerlessMinSheng.Analyzer.Features;

/// <summary>
/// Turns a normalized text into 64-bit feature keys without allocating a string per n-gram;
/// this is the hot loop of classification. Two views share one key space, told apart by a tag:
/// character n-grams over runs of word characters (spaces removed, so raw and segmented
/// text give the same characters), and word n-grams when the text arrives segmented.
/// </summary>
internal static class NgramHasher
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const ulong CharViewTag = 0x43;
    private const ulong WordViewTag = 0x57;
    private const ulong LeadViewTag = 0x4C;
    private const ulong WordSeparator = 0x1F;

    /// <summary>Adds every feature key of <paramref name="normalized"/> to <paramref name="keys"/>.</summary>
    public static void Collect(string normalized, FeatureOptions options, List<ulong> keys)
    {
        Span<char> run = normalized.Length <= 4096 ? stackalloc char[normalized.Length] : new char[normalized.Length];
        var runLength = 0;
        var leadRemaining = options.LeadCharacters;
        foreach (var raw in normalized)
        {
            if (raw == ' ')
            {
                continue;
            }

            if (TextNormalizer.IsWordChar(raw))
            {
                run[runLength++] = options.FoldDigits && char.IsAsciiDigit(raw) ? '0' : raw;
                continue;
            }

            Flush(run[..runLength], options, keys, ref leadRemaining);
            runLength = 0;
        }

        Flush(run[..runLength], options, keys, ref leadRemaining);

        if (options.WordNgramMax > 0 && IsSegmented(normalized))
        {
            AddWordNgrams(normalized, options, keys);
        }
    }

    /// <summary>
    /// Segmented input has a space between most words; raw Chinese has spaces only between
    /// title and body or around Latin words.
    /// </summary>
    public static bool IsSegmented(string normalized)
    {
        int spaces = 0, han = 0;
        foreach (var c in normalized)
        {
            if (c == ' ')
            {
                spaces++;
            }
            else if (TextNormalizer.IsHan(c))
            {
                han++;
            }
        }

        return han > 0 && spaces * 6 >= han;
    }

    private static void Flush(ReadOnlySpan<char> run, FeatureOptions options, List<ulong> keys, ref int leadRemaining)
    {
        AddCharNgrams(run, options, keys, CharViewTag);
        if (leadRemaining > 0 && run.Length > 0)
        {
            var lead = run[..Math.Min(run.Length, leadRemaining)];
            AddCharNgrams(lead, options, keys, LeadViewTag);
            leadRemaining -= lead.Length;
        }
    }

    private static void AddCharNgrams(ReadOnlySpan<char> run, FeatureOptions options, List<ulong> keys, ulong tag)
    {
        for (var start = 0; start < run.Length; start++)
        {
            var hash = FnvOffset ^ tag;
            var maxEnd = Math.Min(run.Length, start + options.CharNgramMax);
            for (var end = start; end < maxEnd; end++)
            {
                hash = (hash ^ run[end]) * FnvPrime;
                if (end - start + 1 >= options.CharNgramMin)
                {
                    keys.Add(hash);
                }
            }
        }
    }

    private static void AddWordNgrams(string normalized, FeatureOptions options, List<ulong> keys)
    {
        // Word boundaries: spaces and punctuation. Each word hash is chained with its successors.
        var words = new List<ulong>();
        var hash = FnvOffset ^ WordViewTag;
        var inWord = false;
        foreach (var raw in normalized)
        {
            if (TextNormalizer.IsWordChar(raw))
            {
                hash = (hash ^ (options.FoldDigits && char.IsAsciiDigit(raw) ? '0' : raw)) * FnvPrime;
                inWord = true;
            }
            else if (inWord)
            {
                words.Add(hash);
                hash = FnvOffset ^ WordViewTag;
                inWord = false;
            }
        }

        if (inWord)
        {
            words.Add(hash);
        }

        for (var i = 0; i < words.Count; i++)
        {
            var chained = words[i];
            keys.Add(chained);
            for (var n = 2; n <= options.WordNgramMax && i + n - 1 < words.Count; n++)
            {
                chained = ((chained ^ WordSeparator) * FnvPrime ^ words[i + n - 1]) * FnvPrime;
                keys.Add(chained);
            }
        }
    }
}
