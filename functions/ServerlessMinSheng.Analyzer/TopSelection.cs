namespace ServerlessMinSheng.Analyzer;

/// <summary>
/// The best n of many items without sorting them all: a request has thousands of candidate
/// phrases and triage needs a few dozen, so a bounded heap replaces a full sort.
/// </summary>
internal static class TopSelection
{
    /// <param name="better">Orders better items first (negative when x is better than y); must be total.</param>
    public static List<T> Top<T>(IEnumerable<T> items, int count, Comparison<T> better)
    {
        if (count <= 0)
        {
            return [];
        }

        // The root of the heap is the worst item kept so far.
        var heap = new PriorityQueue<T, T>(count + 1, Comparer<T>.Create((x, y) => better(y, x)));
        foreach (var item in items)
        {
            if (heap.Count < count)
            {
                heap.Enqueue(item, item);
            }
            else if (better(item, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(item, item);
            }
        }

        var result = new List<T>(heap.Count);
        while (heap.Count > 0)
        {
            result.Add(heap.Dequeue());
        }

        result.Sort(better);
        return result;
    }
}
