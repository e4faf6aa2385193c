using System.Reflection;
using ServerlessMinSheng.Analyzer.Text;

namespace ServerlessMinSheng.Analyzer.KeyPhrases;

/// <summary>Where a candidate first occurs (segment, offset, length) and how often it occurs.</summary>
internal readonly record struct CandidateInfo(int Segment, int Start, int Length, int Count);

/// <summary>
/// The candidates of one text, keyed by hash. Texts are materialised only for phrases that
/// are finally chosen: a request has thousands of candidates and allocating each would
/// dominate the analyzer's time.
/// </summary>
internal sealed class CandidateSet(List<string> segments, Dictionary<ulong, CandidateInfo> candidates)
{
    public Dictionary<ulong, CandidateInfo> Candidates { get; } = candidates;

    public ReadOnlySpan<char> Span(CandidateInfo info) => segments[info.Segment].AsSpan(info.Start, info.Length);

    public string Text(CandidateInfo info) => segments[info.Segment].Substring(info.Start, info.Length);

    public ulong PrefixKey(CandidateInfo info) => PhraseCandidates.Hash(Span(info)[..^1]);

    public ulong SuffixKey(CandidateInfo info) => PhraseCandidates.Hash(Span(info)[1..]);
}

/// <summary>
/// Candidate phrases of a text without a segmenter: the text is cut at punctuation, spaces and
/// stop words, and every 2-6 character stretch of what remains is a candidate. Which of them
/// are real phrases is decided by frequency statistics, not here.
/// </summary>
internal static class PhraseCandidates
{
    public const int MinLength = 2;
    public const int MaxLength = 6;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private static readonly System.Buffers.SearchValues<char> DigitsAndLatin =
        System.Buffers.SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyz");

    private static readonly HashSet<string> StopWords = LoadStopWords();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordSpans = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly int LongestStopWord = StopWords.Max(w => w.Length);

    /// <summary>Segments left after cutting at punctuation and stop words.</summary>
    public static List<string> Segments(string? text)
    {
        var normalized = TextNormalizer.Normalize(text).Replace(" ", string.Empty, StringComparison.Ordinal);
        var segments = new List<string>();
        var start = 0;
        var i = 0;
        while (i < normalized.Length)
        {
            if (!TextNormalizer.IsWordChar(normalized[i]))
            {
                AddSegment(normalized, start, i, segments);
                start = ++i;
                continue;
            }

            var stop = StopWordLengthAt(normalized, i);
            if (stop > 0)
            {
                AddSegment(normalized, start, i, segments);
                i += stop;
                start = i;
                continue;
            }

            i++;
        }

        AddSegment(normalized, start, normalized.Length, segments);
        return segments;
    }

    /// <summary>Distinct candidates of a text with their term frequency in it.</summary>
    public static CandidateSet Count(string? text)
    {
        var segments = Segments(text);
        var counts = new Dictionary<ulong, CandidateInfo>();
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            for (var start = 0; start < segment.Length; start++)
            {
                // A phrase never begins or ends inside a number or a Latin word: "0米内" cut out
                // of "30米内" is not a phrase.
                if (start > 0 && IsAsciiAlphanumeric(segment[start - 1]) && IsAsciiAlphanumeric(segment[start]))
                {
                    continue;
                }

                var hash = FnvOffset;
                var hasHan = false;
                for (var end = start; end < segment.Length && end - start < MaxLength; end++)
                {
                    hash = (hash ^ segment[end]) * FnvPrime;
                    hasHan |= !IsAsciiAlphanumeric(segment[end]);
                    var cutsWord = end + 1 < segment.Length && IsAsciiAlphanumeric(segment[end]) && IsAsciiAlphanumeric(segment[end + 1]);

                    // A bare number or Latin word ("2019", "a1") is never a phrase.
                    if (end - start + 1 >= MinLength && !cutsWord && hasHan)
                    {
                        counts[hash] = counts.TryGetValue(hash, out var entry)
                            ? entry with { Count = entry.Count + 1 }
                            : new CandidateInfo(s, start, end - start + 1, 1);
                    }
                }
            }
        }

        return new CandidateSet(segments, counts);
    }

    internal static ulong Hash(ReadOnlySpan<char> phrase)
    {
        var hash = FnvOffset;
        foreach (var c in phrase)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash;
    }

    private static bool IsAsciiAlphanumeric(char c) => char.IsAsciiLetterOrDigit(c);

    private static void AddSegment(string text, int start, int end, List<string> segments)
    {
        // A run of digits or Latin letters alone ("2019", "a1") is never a key phrase.
        if (end - start >= MinLength && text.AsSpan(start, end - start).ContainsAnyExcept(DigitsAndLatin))
        {
            segments.Add(text[start..end]);
        }
    }

    private static int StopWordLengthAt(string text, int position)
    {
        for (var length = Math.Min(LongestStopWord, text.Length - position); length >= 1; length--)
        {
            if (StopWordSpans.Contains(text.AsSpan(position, length)))
            {
                return length;
            }
        }

        return 0;
    }

    private static HashSet<string> LoadStopWords()
    {
        const string resource = "ServerlessMinSheng.Analyzer.KeyPhrases.stopwords.txt";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim());
            }
        }

        return words;
    }
}
