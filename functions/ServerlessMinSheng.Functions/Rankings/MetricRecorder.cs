using System.Globalization;
using System.Text.Json;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>Who a count belongs to: a responsible unit (community, town, department), a social unit or a micro-project.</summary>
public sealed record MetricSubject(string Level, string Id, string Name, string? ParentId = null)
{
    public string Key => $"{Level}|{Id}";
}

/// <summary>
/// One countable fact, named so that the same fact always gets the same id (a sign-for outcome is
/// <c>response|{code}|{dispatch}</c> whether the sign or the escalation reports it): recording it twice
/// counts it once.
/// </summary>
public sealed record MetricFact(string Id, MetricSubject Subject, DateOnly Day, MetricCounts Counts, MetricDrag? Drag = null);

/// <summary>A rated request that pulled a unit's resolution or satisfaction rate down, for the unit's own detail page.</summary>
public sealed record MetricDrag(string Code, string Title, DateTimeOffset RatedAt, bool Resolved, string Satisfaction, string? Comment);

/// <summary>
/// A subject's counters for one local month, day by day (a period's counts are sums of days). Partition =
/// subject, row key <c>m|yyyyMM</c>; the facts already counted sit in the same partition as
/// <c>f|{fact}</c>, so marking a fact and counting it are one entity-group transaction.
/// </summary>
public sealed class MetricMonth : ITableEntity
{
    public const string TableName = "metrics";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Level { get; set; } = string.Empty;

    public string SubjectId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? ParentId { get; set; }

    /// <summary>Day of month → counters, as JSON: <c>{"1":[...],"17":[...]}</c>.</summary>
    public string Days { get; set; } = "{}";

    public int Facts { get; set; }

    public static string RowKeyFor(int year, int month) => $"m|{year:D4}{month:D2}";

    public static string MarkKey(string factId) => $"f|{factId}";

    public Dictionary<int, MetricCounts> DayCounts() =>
        (JsonSerializer.Deserialize<Dictionary<string, int[]>>(Days) ?? []).ToDictionary(d => int.Parse(d.Key, CultureInfo.InvariantCulture), d => MetricCounts.FromArray(d.Value));

    public void SetDays(IReadOnlyDictionary<int, MetricCounts> days)
    {
        Days = JsonSerializer.Serialize(days.OrderBy(d => d.Key).ToDictionary(d => d.Key.ToString(CultureInfo.InvariantCulture), d => d.Value.ToArray()));
    }
}

/// <summary>The mark that a fact has been counted (its counts are in the month row of the same partition).</summary>
public sealed class MetricMark : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Day { get; set; } = string.Empty;
}

/// <summary>A rated request that pulled a rate down: partition <c>{subject}|yyyyMM</c>, row key = tracking code.</summary>
public sealed class DragRow : ITableEntity
{
    public const string TableName = "metricdrags";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Title { get; set; } = string.Empty;

    public DateTimeOffset RatedAt { get; set; }

    public bool Resolved { get; set; }

    public string Satisfaction { get; set; } = string.Empty;

    public string? Comment { get; set; }

    public static string PartitionFor(string subjectKey, int year, int month) => $"{subjectKey}|{year:D4}{month:D2}";
}

/// <summary>
/// Counts facts into the per-day aggregates as lifecycle steps happen, exactly once each: the fact's
/// mark and the month row's new counters are one transaction guarded by the month row's ETag, so a
/// redelivered step, a retried sync or two processes counting the same fact add it once.
/// </summary>
public sealed partial class MetricRecorder(AppTables tables, ILogger<MetricRecorder> logger)
{
    private const int MaxAttempts = 30;

    public async Task RecordAsync(IReadOnlyList<MetricFact> facts, CancellationToken cancellationToken)
    {
        foreach (var fact in facts)
        {
            await RecordAsync(fact, cancellationToken);
        }
    }

    /// <summary>Counts one fact; returns false when it had been counted before.</summary>
    public async Task<bool> RecordAsync(MetricFact fact, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MetricMonth.TableName, cancellationToken);
        if (fact.Drag is { } drag)
        {
            await PutDragAsync(fact.Subject, fact.Day, drag, cancellationToken); // Idempotent on its own; written first so a counted drag is always listed.
        }

        var partition = fact.Subject.Key;
        var markKey = MetricMonth.MarkKey(fact.Id);
        for (var attempt = 1; ; attempt++)
        {
            // No read of the mark first: the transaction adding it refuses a fact counted before (one storage call saved per fact).
            var rowKey = MetricMonth.RowKeyFor(fact.Day.Year, fact.Day.Month);
            var month = await table.GetEntityOrDefaultAsync<MetricMonth>(partition, rowKey, cancellationToken: cancellationToken);
            var exists = month is not null;
            month ??= new MetricMonth { PartitionKey = partition, RowKey = rowKey };
            month.Level = fact.Subject.Level;
            month.SubjectId = fact.Subject.Id;
            month.Name = fact.Subject.Name;
            month.ParentId = fact.Subject.ParentId ?? month.ParentId;
            var days = month.DayCounts();
            days[fact.Day.Day] = (days.TryGetValue(fact.Day.Day, out var current) ? current : MetricCounts.Zero) + fact.Counts;
            month.SetDays(days);
            month.Facts++;
            var mark = new MetricMark { PartitionKey = partition, RowKey = markKey, Day = fact.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
            try
            {
                await table.SubmitBatchAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, mark),
                        exists ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, month, month.ETag) : new TableTransactionAction(TableTransactionActionType.Add, month),
                    ],
                    cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists" && ex.FailedTransactionActionIndex == 0)
            {
                return false; // Counted by someone else between our check and our write.
            }
            catch (TableTransactionFailedException ex) when ((ex.Status == 412 || ex.ErrorCode == "EntityAlreadyExists") && attempt < MaxAttempts)
            {
                LogCounterRace(partition, rowKey, attempt);
                await Task.Delay(Random.Shared.Next(2, 10 * Math.Min(attempt, 10)), cancellationToken);
            }
        }
    }

    /// <summary>Writes a month row as a whole (the benchmark's and the tests' way to load known aggregates without events).</summary>
    public async Task PutMonthAsync(MetricSubject subject, int year, int month, IReadOnlyDictionary<int, MetricCounts> days, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MetricMonth.TableName, cancellationToken);
        var row = new MetricMonth { PartitionKey = subject.Key, RowKey = MetricMonth.RowKeyFor(year, month), Level = subject.Level, SubjectId = subject.Id, Name = subject.Name, ParentId = subject.ParentId };
        row.SetDays(days);
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task PutDragAsync(MetricSubject subject, DateOnly day, MetricDrag drag, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(DragRow.TableName, cancellationToken);
        await table.UpsertEntityAsync(
            new DragRow
            {
                PartitionKey = DragRow.PartitionFor(subject.Key, day.Year, day.Month),
                RowKey = drag.Code,
                Title = drag.Title,
                RatedAt = drag.RatedAt,
                Resolved = drag.Resolved,
                Satisfaction = drag.Satisfaction,
                Comment = drag.Comment,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Metric counter {Partition}/{RowKey} changed under us (attempt {Attempt}); counting again")]
    private partial void LogCounterRace(string partition, string rowKey, int attempt);
}
