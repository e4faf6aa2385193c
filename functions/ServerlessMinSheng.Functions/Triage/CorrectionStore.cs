using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Functions.Storage;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Triage;

/// <summary>
/// Staff corrections as training examples (one per request and taxonomy, the latest wins), and the
/// model version every instance compares against to pick up a retrain.
/// </summary>
public sealed class CorrectionStore(AppTables tables, TimeProvider time)
{
    public const string TableName = "corrections";
    public const string Themes = "theme";
    public const string Departments = "department";

    public async Task SaveAsync(string taxonomy, string code, string text, string label, string by, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(taxonomy, code) { ["Text"] = text, ["Label"] = label, ["By"] = by, ["At"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<IReadOnlyList<LabeledText>> LoadAsync(string taxonomy, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var rows = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {taxonomy}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return rows.Select(r => new LabeledText(r.GetString("Text") ?? string.Empty, r.GetString("Label") ?? string.Empty)).ToList();
    }

    public async Task<string?> ModelVersionAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        return (await table.GetEntityOrDefaultAsync<TableEntity>("meta", "model", cancellationToken: cancellationToken))?.GetString("Version");
    }

    public async Task<string> BumpModelVersionAsync(CancellationToken cancellationToken)
    {
        var version = Guid.NewGuid().ToString("N");
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity("meta", "model") { ["Version"] = version, ["TrainedAt"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
        return version;
    }
}
