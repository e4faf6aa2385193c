using System.Globalization;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Triage;

/// <summary>One request waiting for staff review, as the triage page lists it.</summary>
public sealed class TriageQueueItem : ITableEntity
{
    public const string TableName = "triagequeue";

    /// <summary>Community id.</summary>
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary>Newest first: inverted receive ticks, then the code.</summary>
    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? Theme { get; set; }

    public string? Department { get; set; }

    public string? Grade { get; set; }

    public string? ClusterId { get; set; }

    public int ClusterSize { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public Channel Channel { get; set; }

    public string? DuplicateOf { get; set; }

    public static string KeyFor(DateTimeOffset receivedAt, string code) =>
        (DateTimeOffset.MaxValue.UtcTicks - receivedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + code;
}

/// <summary>The staff triage queue per community: a request joins when triaged and leaves when reviewed.</summary>
public sealed class TriageQueueProjection(AppTables tables)
{
    public async Task AddAsync(IEnumerable<(ResidentRequest Request, int ClusterSize)> triaged, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TriageQueueItem.TableName, cancellationToken);
        foreach (var community in triaged.Where(t => t.Request.ReviewedAt is null).GroupBy(t => t.Request.CommunityId))
        {
            foreach (var chunk in community.Chunk(TableTransactions.MaxActions))
            {
                await table.SubmitBatchAsync(chunk.Select(t => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToItem(t.Request, t.ClusterSize))).ToList(), cancellationToken);
            }
        }
    }

    public async Task RemoveAsync(ResidentRequest request, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TriageQueueItem.TableName, cancellationToken);
        await table.DeleteEntityAsync(request.CommunityId, TriageQueueItem.KeyFor(request.ReceivedAt, request.Code), cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<TriageQueueItem>> ListAsync(IEnumerable<string> communityIds, int perCommunity, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TriageQueueItem.TableName, cancellationToken);
        var pages = await Task.WhenAll(communityIds.Select(async id =>
            (await table.QueryPageAsync<TriageQueueItem>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), maxPerPage: perCommunity, cancellationToken: cancellationToken)).Values));
        return pages.SelectMany(p => p).ToList();
    }

    private static TriageQueueItem ToItem(ResidentRequest request, int clusterSize) => new()
    {
        PartitionKey = request.CommunityId,
        RowKey = TriageQueueItem.KeyFor(request.ReceivedAt, request.Code),
        Code = request.Code,
        Title = request.RedactedTitle ?? string.Empty,
        Theme = request.Theme,
        Department = request.Department,
        Grade = request.Grade,
        ClusterId = request.ClusterId,
        ClusterSize = clusterSize,
        ReceivedAt = request.ReceivedAt,
        Channel = request.Channel,
        DuplicateOf = request.DuplicateOf,
    };
}
