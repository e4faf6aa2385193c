namespace ServerlessMinSheng.Analyzer.KeyPhrases;

/// <summary>A key phrase and how strongly it characterises its text or group.</summary>
public sealed record KeyPhrase(string Text, double Score);

/// <summary>
/// Key phrases of one request (frequent in it, rare in the corpus) and of a group of requests
/// (shared by many members, rare elsewhere: what makes a cluster distinctive). Chinese has no
/// spaces, so phrases are character stretches; a stretch is dropped in favour of a one
/// character longer one whenever it almost never occurs without that extension, which turns
/// "景园滨" into "伊景园滨河苑" while "小区" survives next to "小区门口".
/// </summary>
public static class KeyPhraseExtractor
{
    private static readonly double MinimumLift = Math.Log(2);

    public static IReadOnlyList<KeyPhrase> ForText(string? text, CorpusStatistics? corpus = null, int count = 5) =>
        ForText(PhraseCandidates.Count(text), corpus, count);

    internal static IReadOnlyList<KeyPhrase> ForText(CandidateSet set, CorpusStatistics? corpus, int count)
    {
        var candidates = set.Candidates;
        var covered = new HashSet<ulong>();
        foreach (var (key, info) in candidates)
        {
            if (info.Length <= PhraseCandidates.MinLength)
            {
                continue;
            }

            foreach (var child in (ReadOnlySpan<ulong>)[set.PrefixKey(info), set.SuffixKey(info)])
            {
                // Evidence that the shorter stretch is only ever part of the longer one: the
                // corpus says so, or, without a corpus, it repeats and never appears alone.
                if (candidates.TryGetValue(child, out var shorter) && info.Count >= shorter.Count
                    && (corpus is { Documents: >= 20 }
                        ? corpus.DocumentFrequency(key) >= 0.6 * corpus.DocumentFrequency(child)
                        : shorter.Count >= 2))
                {
                    covered.Add(child);
                }
            }
        }

        var scored = Score(set, corpus, covered).Select(p => new KeyPhrase(set.Text(p.Info), p.Score));
        return SelectDistinct(scored, count);
    }

    public static IReadOnlyList<KeyPhrase> ForGroup(IReadOnlyList<string> texts, CorpusStatistics corpus, int count = 5)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(corpus);
        if (texts.Count <= 1)
        {
            return ForText(texts.Count == 1 ? texts[0] : null, corpus, count);
        }

        var documents = new Dictionary<ulong, (CandidateSet Source, CandidateInfo Info, int Documents)>();
        foreach (var text in texts)
        {
            var set = PhraseCandidates.Count(text);
            foreach (var (key, info) in set.Candidates)
            {
                documents[key] = documents.TryGetValue(key, out var entry) ? entry with { Documents = entry.Documents + 1 } : (set, info, 1);
            }
        }

        var minimum = MinimumSupport(texts.Count);
        var phrases = documents.Values
            .Where(v => v.Documents >= minimum)
            .Select(v => (v.Source.Text(v.Info), v.Documents));
        return ForGroup(phrases, texts.Count, corpus, count);
    }

    /// <summary>
    /// Group key phrases from precomputed counts: each phrase and the number of group members
    /// containing it. Used by clusters, which keep such a table instead of their members' texts.
    /// </summary>
    public static IReadOnlyList<KeyPhrase> ForGroup(IEnumerable<(string Text, int Documents)> phrases, int groupSize, CorpusStatistics corpus, int count = 5)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        ArgumentNullException.ThrowIfNull(corpus);
        var minimum = MinimumSupport(groupSize);
        var frequent = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (text, docs) in phrases)
        {
            if (docs >= minimum)
            {
                frequent[text] = docs;
            }
        }

        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (longer, docs) in frequent)
        {
            foreach (var shorter in longer.Length > PhraseCandidates.MinLength ? [longer[..^1], longer[1..]] : Array.Empty<string>())
            {
                if (frequent.TryGetValue(shorter, out var shorterDocs) && docs >= 0.8 * shorterDocs)
                {
                    covered.Add(shorter);
                }
            }
        }

        var corpusSize = Math.Max(corpus.Documents, groupSize);
        var scored = frequent
            .Where(p => !covered.Contains(p.Key))
            .Select(p =>
            {
                var share = Math.Min(1.0, p.Value / (double)groupSize);
                // Compare with the rest of the corpus: a cluster's own members are in it and
                // would otherwise dilute their own distinctiveness.
                var corpusDf = corpus.DocumentFrequency(PhraseCandidates.Hash(p.Key));
                var rest = corpusDf >= p.Value && corpus.Documents >= groupSize
                    ? (corpusDf - p.Value + 1.0) / (corpus.Documents - groupSize + 1.0)
                    : (corpusDf + 1.0) / (corpusSize + 1.0);
                var lift = Math.Log(share / rest);
                // A label phrase must be at least twice as common in the group as overall;
                // "小区" is in most requests and says nothing about any one cluster.
                return new KeyPhrase(p.Key, lift < MinimumLift ? 0 : share * lift * LengthPrior(p.Key.Length));
            })
            .Where(p => p.Score > 0)
            .OrderByDescending(p => p.Score).ThenByDescending(p => p.Text.Length).ThenBy(p => p.Text, StringComparer.Ordinal);
        return SelectDistinct(scored, count);
    }

    private static IEnumerable<(CandidateInfo Info, double Score)> Score(CandidateSet set, CorpusStatistics? corpus, HashSet<ulong>? covered)
    {
        // Below a few documents of evidence every rare stretch looks equally special; capping
        // the idf there lets term frequency and length decide among them.
        var maxIdf = corpus is null || corpus.Documents < 20 ? 1.0 : Math.Log((corpus.Documents + 1.0) / 4.0) + 1.0;
        var scored = set.Candidates
            .Where(p => covered is null || !covered.Contains(p.Key))
            .Select(p => (Info: p.Value, Score: (1 + Math.Log(p.Value.Count)) * Math.Min(maxIdf, corpus?.Idf(p.Key) ?? 1.0) * LengthPrior(p.Value.Length)))
            .ToList();

        // Overlapping phrases are skipped later, so take a generous head first and fall back
        // to everything only if that head runs out.
        var head = TopSelection.Top(scored, 64, Better);
        return head.Count < 64 ? head : head.Concat(scored.Order(Comparer<(CandidateInfo Info, double Score)>.Create(Better)).Skip(64));
    }

    private static int Better((CandidateInfo Info, double Score) x, (CandidateInfo Info, double Score) y)
    {
        var byScore = y.Score.CompareTo(x.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byLength = y.Info.Length.CompareTo(x.Info.Length);
        return byLength != 0 ? byLength
            : x.Info.Segment != y.Info.Segment ? x.Info.Segment.CompareTo(y.Info.Segment)
            : x.Info.Start.CompareTo(y.Info.Start);
    }

    /// <summary>A group phrase must be shared: by two members at least, and by a fifth of a large group.</summary>
    private static int MinimumSupport(int groupSize) => Math.Max(2, (int)Math.Ceiling(0.2 * groupSize));

    /// <summary>Two- to four-character phrases are the usual size of a Chinese term; longer stretches are often two words run together.</summary>
    private static double LengthPrior(int length) => length switch
    {
        2 => 1.0,
        3 => 1.1,
        4 => 1.15,
        5 => 0.95,
        _ => 0.85,
    };

    /// <summary>
    /// Two phrases overlap when they share two consecutive characters: "景园滨河" and "滨河苑"
    /// are pieces of one name, and showing both would waste a label slot.
    /// </summary>
    private static bool Overlaps(string a, string b)
    {
        for (var i = 0; i + 1 < b.Length; i++)
        {
            if (a.AsSpan().IndexOf(b.AsSpan(i, 2), StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>In the given (best-first) order, skipping any phrase that overlaps one already chosen.</summary>
    private static List<KeyPhrase> SelectDistinct(IEnumerable<KeyPhrase> ordered, int count)
    {
        var chosen = new List<KeyPhrase>(count);
        foreach (var phrase in ordered)
        {
            if (chosen.Count == count)
            {
                break;
            }

            if (!chosen.Any(c => Overlaps(c.Text, phrase.Text)))
            {
                chosen.Add(phrase);
            }
        }

        return chosen;
    }
}
