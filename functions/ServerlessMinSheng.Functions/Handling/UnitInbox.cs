using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Handling;

/// <summary>A request waiting for a unit: to sign for, or to reply to.</summary>
public sealed class InboxRow : ITableEntity
{
    public const string TableName = "unitinbox";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Title { get; set; } = string.Empty;

    public string State { get; set; } = string.Empty;

    public string? Grade { get; set; }

    public string? Theme { get; set; }

    public string CommunityId { get; set; } = string.Empty;

    public string? Urgency { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public int EscalationLevel { get; set; }

    public static string UnitKey(string kind, string id) => $"{kind}|{id}";

    public static InboxRow For(ResidentRequest request) => new()
    {
        PartitionKey = UnitKey(request.AssignedUnitKind!, request.AssignedUnitId!),
        RowKey = request.Code,
        Title = request.Title,
        State = request.Status.State(),
        Grade = request.Grade,
        Theme = request.Theme,
        CommunityId = request.CommunityId,
        Urgency = request.Urgency,
        DispatchedAt = request.DispatchedAt,
        DueAt = request.DueAt,
        EscalationLevel = request.EscalationLevel,
    };
}

/// <summary>
/// Each unit's inbox of requests to sign for and reply to. Rows are written before the step that
/// puts a request there and checked against the request when read, so a step that failed, or a
/// crash before a row was removed, never shows a request the unit no longer holds.
/// </summary>
public sealed class UnitInbox(AppTables tables, RequestStore requests)
{
    public async Task PutAsync(InboxRow? row, CancellationToken cancellationToken)
    {
        if (row is null)
        {
            return;
        }

        var table = await tables.GetAsync(InboxRow.TableName, cancellationToken);
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task RemoveAsync(string unitKey, string code, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(InboxRow.TableName, cancellationToken);
        await table.DeleteEntityAsync(unitKey, code, cancellationToken: cancellationToken);
    }

    /// <summary>The unit's requests still waiting for it, most urgent deadline first.</summary>
    public async Task<IReadOnlyList<(InboxRow Row, ResidentRequest Request)>> ListAsync(string unitKind, string unitId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(InboxRow.TableName, cancellationToken);
        var rows = await table.QueryAsync<InboxRow>(TableClient.CreateQueryFilter($"PartitionKey eq {InboxRow.UnitKey(unitKind, unitId)}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var current = new List<(InboxRow, ResidentRequest)>();
        foreach (var row in rows)
        {
            var request = await requests.FindAsync(row.RowKey, cancellationToken);
            if (request is not null && request.AssignedUnitKind == unitKind && request.AssignedUnitId == unitId && request.Status is RequestStatus.Dispatched or RequestStatus.Signed)
            {
                current.Add((row, request));
            }
            else
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken); // A leftover: the request moved on.
            }
        }

        return current.OrderBy(c => c.Item2.DueAt ?? DateTimeOffset.MaxValue).ToList();
    }
}
