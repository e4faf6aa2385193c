namespace ServerlessMinSheng.Storage.Tables;

/// <summary>One page of query results; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record TablePage<T>(IReadOnlyList<T> Values, string? ContinuationToken);
