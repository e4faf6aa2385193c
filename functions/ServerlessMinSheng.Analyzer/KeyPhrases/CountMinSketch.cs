namespace ServerlessMinSheng.Analyzer.KeyPhrases;

/// <summary>
/// Approximate counts of an unbounded set of keys in fixed memory (Cormode and Muthukrishnan):
/// estimates never undercount and overcount by a small fraction of the total. Document
/// frequencies of every 2-6 character phrase of every request would otherwise grow without
/// limit; this stays at depth × width integers and is a plain array to persist.
/// </summary>
internal sealed class CountMinSketch
{
    private readonly int[] _counts;
    private readonly int _widthMask;

    public CountMinSketch(int depth, int widthBits)
        : this(depth, widthBits, new int[depth << widthBits])
    {
    }

    public CountMinSketch(int depth, int widthBits, int[] counts)
    {
        if (depth is < 1 or > 8 || widthBits is < 4 or > 26 || counts.Length != depth << widthBits)
        {
            throw new ArgumentException("Sketch dimensions do not match its counts.", nameof(counts));
        }

        Depth = depth;
        WidthBits = widthBits;
        _counts = counts;
        _widthMask = (1 << widthBits) - 1;
    }

    public int Depth { get; }

    public int WidthBits { get; }

    internal int[] Counts => _counts;

    public void Add(ulong key)
    {
        for (var row = 0; row < Depth; row++)
        {
            Interlocked.Increment(ref _counts[Slot(key, row)]);
        }
    }

    public int Estimate(ulong key)
    {
        var min = int.MaxValue;
        for (var row = 0; row < Depth; row++)
        {
            min = Math.Min(min, Volatile.Read(ref _counts[Slot(key, row)]));
        }

        return min;
    }

    private int Slot(ulong key, int row)
    {
        // One 64-bit mix per row gives independent-enough hash functions.
        var h = (key + (0x9E3779B97F4A7C15UL * (ulong)(row + 1))) * 0xBF58476D1CE4E5B9UL;
        h ^= h >> 31;
        return (row << WidthBits) + (int)(h & (ulong)_widthMask);
    }
}
