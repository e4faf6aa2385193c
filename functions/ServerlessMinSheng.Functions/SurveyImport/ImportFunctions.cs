using System.Text.Json;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Triage;
using Azure;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.SurveyImport;

/// <summary>
/// Queue trigger: parse an uploaded survey file, reject bad rows with their line and reason, and cut the
/// good rows into chunks (a blob each) with one queue message per chunk — never one message per row,
/// because Azurite's queues slow to a crawl with thousands of messages waiting. Safe to run twice.
/// </summary>
public sealed class ImportSurveyFile(ImportStore imports, UnitRegistry registry, TriggerQueues queues, TimeProvider time) : IQueueFunction
{
    public const string QueueName = "imports";
    public const int ChunkRows = 500;

    public async Task RunAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<ImportRequested>(message.MessageText, JsonSerializerOptions.Web) ?? throw new FormatException("Empty import message.");
        var record = await imports.FindAsync(request.ImportId, cancellationToken);
        if (record is null || record.Status is ImportStatus.Done or ImportStatus.Failed)
        {
            return;
        }

        record.Status = ImportStatus.Parsing;
        record.StartedAt ??= time.GetUtcNow();
        await imports.SaveAsync(record, cancellationToken);

        IReadOnlyList<SheetRow> sheet;
        try
        {
            var file = await imports.ReadFileAsync(record, cancellationToken);
            sheet = record.Format == "xlsx" ? XlsxReader.Read(new MemoryStream(file)) : DelimitedReader.Read(DelimitedReader.Decode(file), record.Format == "tsv" ? '\t' : ',').ToList();
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException or IOException)
        {
            await FailAsync(record, $"文件无法读取：{ex.Message}", cancellationToken);
            return;
        }

        var (mapped, rejectedRows, error) = ImportRows.Map(sheet, await registry.ListAsync(UnitKind.Community, cancellationToken));
        if (error is not null)
        {
            await FailAsync(record, error, cancellationToken);
            return;
        }

        // Town staff import for the communities of their own town only, as they record requests.
        var rows = mapped.Where(r => record.ScopeTownId is null || r.TownId == record.ScopeTownId).ToList();
        var rejected = rejectedRows
            .Concat(mapped.Where(r => record.ScopeTownId is not null && r.TownId != record.ScopeTownId).Select(r => new RejectedRow(r.Line, "该社区不在上传人的工作范围内")))
            .OrderBy(r => r.Line)
            .ToList();

        var chunks = rows.Chunk(ChunkRows).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            await imports.WriteChunkAsync(record.RowKey, i, chunks[i], cancellationToken);
        }

        await imports.WriteRejectedAsync(record.RowKey, rejected, cancellationToken);
        record.TotalRows = rows.Count + rejected.Count;
        record.RejectedRows = rejected.Count;
        record.ChunksTotal = chunks.Count;
        record.Status = chunks.Count == 0 ? ImportStatus.Done : ImportStatus.Importing;
        record.FinishedAt = chunks.Count == 0 ? time.GetUtcNow() : null;
        await imports.SaveAsync(record, cancellationToken);
        for (var i = 0; i < chunks.Count; i++)
        {
            await queues.SendJsonAsync(ImportSurveyChunk.QueueName, new ImportChunkRequested(record.RowKey, i), cancellationToken: cancellationToken);
        }
    }

    private async Task FailAsync(ImportRecord record, string error, CancellationToken cancellationToken)
    {
        record.Status = ImportStatus.Failed;
        record.Error = error;
        record.FinishedAt = time.GetUtcNow();
        await imports.SaveAsync(record, cancellationToken);
    }
}

/// <summary>
/// Queue trigger: store one chunk's requests (a transaction per 100, each row's code fixed by its import
/// and line, so a redelivery or a second upload finds them stored) and triage them right here, then mark
/// the chunk done; the last chunk marks the import done.
/// </summary>
public sealed class ImportSurveyChunk(ImportStore imports, IntakeService intake, TriageService triage, TimeProvider time) : IQueueFunction
{
    public const string QueueName = "import-chunks";

    public async Task RunAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<ImportChunkRequested>(message.MessageText, JsonSerializerOptions.Web) ?? throw new FormatException("Empty chunk message.");
        var record = await imports.FindAsync(request.ImportId, cancellationToken) ?? throw new InvalidOperationException($"Import {request.ImportId} does not exist.");
        var rows = await imports.ReadChunkAsync(request.ImportId, request.Chunk, cancellationToken);
        var received = record.UploadedAt;
        var outcomes = await Task.WhenAll(rows.Chunk(100).Select(async (part, index) =>
        {
            var bucket = TrackingCode.BucketFor($"import|{record.RowKey}|{request.Chunk}|{index}");
            var items = part.Select(r => new IntakeItem(
                $"import|{record.RowKey}|{r.Line}",
                new NewRequest(Channel.Survey, r.Title, r.Description, r.CommunityId, r.Address, r.Phone, r.IsPublic, received, ImportId: record.RowKey, ImportLine: r.Line),
                r.TownId)).ToList();
            var stored = await intake.SubmitAsync(bucket, items, SequentialCodes, cancellationToken, queueTriage: false);
            await triage.TriageAsync(bucket, stored.Select(o => o.Code).ToList(), cancellationToken);
            return stored;
        }));

        var all = outcomes.SelectMany(o => o).ToList();
        await imports.MarkChunkDoneAsync(record.RowKey, request.Chunk, all.Count(o => o.Created), all.Count(o => !o.Created), cancellationToken);
        await CompleteIfLastAsync(record.RowKey, cancellationToken);
    }

    /// <summary>Line-ordered codes in a chunk's bucket never clash; a hash is the fallback if another import's bucket collides.</summary>
    private static string SequentialCodes(string bucket, string key, int index, int probe) =>
        probe == 0 ? TrackingCode.ForSequence(bucket, index) : IntakeService.HashedCodes(bucket, key, index, probe);

    private async Task CompleteIfLastAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var record = await imports.FindAsync(id, cancellationToken);
            var (done, _) = await imports.ProgressAsync(id, cancellationToken);
            if (record is null || record.Status == ImportStatus.Done || done < record.ChunksTotal)
            {
                return;
            }

            record.Status = ImportStatus.Done;
            record.FinishedAt = time.GetUtcNow();
            try
            {
                await imports.SaveAsync(record, cancellationToken);
                return;
            }
            catch (RequestFailedException conflict) when (conflict.IsConflict())
            {
                // Another chunk finished at the same moment; look again.
            }
        }
    }
}
