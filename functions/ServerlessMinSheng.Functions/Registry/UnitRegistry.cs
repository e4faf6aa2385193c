using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Registry;

public abstract record RegistryChange
{
    public sealed record Done(Unit Unit) : RegistryChange;

    public sealed record DuplicateName : RegistryChange;

    public sealed record NotFound : RegistryChange;
}

/// <summary>
/// The area and unit registry. Each write is one transaction of the unit row and its name-index row, so
/// two people adding the same name at once cannot both succeed.
/// </summary>
public sealed class UnitRegistry(AppTables tables, TimeProvider time)
{
    public async Task<IReadOnlyList<Unit>> ListAsync(UnitKind kind, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Unit.TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {kind.Name()} and RowKey lt {Unit.IndexPrefix}");
        var units = await table.QueryAsync<Unit>(filter, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return units.OrderBy(u => u.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<Unit?> FindAsync(UnitKind kind, string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.StartsWith(Unit.IndexPrefix, StringComparison.Ordinal) || id.Length > 64 || id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            return null;
        }

        var table = await tables.GetAsync(Unit.TableName, cancellationToken);
        return await table.GetEntityOrDefaultAsync<Unit>(kind.Name(), id, cancellationToken: cancellationToken);
    }

    public async Task<RegistryChange> CreateAsync(UnitKind kind, string name, string? parentId, string? category, CancellationToken cancellationToken)
    {
        var unit = new Unit
        {
            PartitionKey = kind.Name(),
            RowKey = UnitKinds.NewId(kind),
            Name = name.Trim(),
            ParentId = parentId,
            Category = category,
            CreatedAt = time.GetUtcNow(),
        };
        var table = await tables.GetAsync(Unit.TableName, cancellationToken);
        try
        {
            await table.SubmitBatchAsync(
            [
                new(TableTransactionActionType.Add, unit),
                new(TableTransactionActionType.Add, IndexRow(unit)),
            ], cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
        {
            return new RegistryChange.DuplicateName();
        }

        return new RegistryChange.Done(unit);
    }

    /// <summary>Renames a unit (and for a community, may move it to another town).</summary>
    public async Task<RegistryChange> UpdateAsync(UnitKind kind, string id, string name, string? parentId, string? category, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(kind, id, cancellationToken);
        if (existing is null)
        {
            return new RegistryChange.NotFound();
        }

        var oldIndex = IndexRow(existing);
        existing.Name = name.Trim();
        existing.ParentId = parentId ?? existing.ParentId;
        existing.Category = category ?? existing.Category;
        var newIndex = IndexRow(existing);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, existing, existing.ETag) };
        if (oldIndex.RowKey != newIndex.RowKey)
        {
            actions.Add(new(TableTransactionActionType.Delete, oldIndex));
            actions.Add(new(TableTransactionActionType.Add, newIndex));
        }

        var table = await tables.GetAsync(Unit.TableName, cancellationToken);
        try
        {
            var etags = await table.SubmitBatchAsync(actions, cancellationToken);
            existing.ETag = etags[0];
        }
        catch (TableTransactionFailedException ex) when (ex.ErrorCode == "EntityAlreadyExists")
        {
            return new RegistryChange.DuplicateName();
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            throw StorageFailures.Conflict(ex);
        }

        return new RegistryChange.Done(existing);
    }

    private static TableEntity IndexRow(Unit unit) =>
        new(unit.PartitionKey, UnitKinds.NameIndexKey(unit.Kind == UnitKind.Community ? unit.ParentId : null, unit.Name)) { ["UnitId"] = unit.Id };
}
