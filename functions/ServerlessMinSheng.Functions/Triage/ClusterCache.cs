namespace ServerlessMinSheng.Functions.Triage;

/// <summary>The cluster summaries, read at most every 30 s: the triage list and the needs map both want all of them.</summary>
public sealed class ClusterCache(ClusterProjection clusters, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, ClusterRow> _rows = new Dictionary<string, ClusterRow>();
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public void Dispose() => _gate.Dispose();

    public async Task<IReadOnlyDictionary<string, ClusterRow>> GetAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _readAt < TimeSpan.FromSeconds(30))
        {
            return _rows;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow() - _readAt >= TimeSpan.FromSeconds(30))
            {
                _rows = (await clusters.ListAsync(1, cancellationToken)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
                _readAt = time.GetUtcNow();
            }

            return _rows;
        }
        finally
        {
            _gate.Release();
        }
    }
}
