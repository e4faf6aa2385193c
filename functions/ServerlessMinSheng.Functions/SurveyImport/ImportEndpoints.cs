using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.SurveyImport;

public sealed record ImportAccepted(string ImportId, string Status, bool Duplicate);

public sealed record ImportSummary(
    string ImportId, string FileName, string Status, int TotalRows, int ImportedRows, int RejectedRows, int ChunksTotal, int ChunksDone,
    DateTimeOffset UploadedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error);

public sealed record ImportReport(
    string ImportId, string FileName, string Status, int TotalRows, int ImportedRows, int RejectedRows, int ChunksTotal, int ChunksDone,
    DateTimeOffset UploadedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error, IReadOnlyList<RejectedRow> Rejected);

/// <summary>Year-end survey upload (CSV, TSV or XLSX, up to 20 MB), its progress, and its report.</summary>
public static class ImportEndpoints
{
    public const long MaxFileBytes = 20 * 1024 * 1024;
    private static readonly string[] Formats = ["csv", "tsv", "xlsx"];

    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/imports").RequireCapability(Capability.ImportSurveys);
        imports.MapPost("/", UploadSurvey).WithName(nameof(UploadSurvey)).WithRequestSizeLimit(MaxFileBytes + (1024 * 1024));
        imports.MapGet("/", GetImports).WithName(nameof(GetImports));
        imports.MapGet("/template.csv", GetImportTemplate).WithName(nameof(GetImportTemplate));
        imports.MapGet("/{id}", GetImport).WithName(nameof(GetImport));
        return app;
    }

    /// <summary>Stores the file in Blob storage and queues its parsing; the same file again is the same import, never duplicates.</summary>
    public static async Task<Results<Accepted<ImportAccepted>, Ok<ImportAccepted>, ProblemHttpResult>> UploadSurvey(
        HttpRequest request, ClaimsPrincipal user, ImportStore imports, TriggerQueues queues, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Problems.Of(400, "bad_request", "请以表单方式上传文件（multipart/form-data，字段名 file）");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        var format = Path.GetExtension(file?.FileName ?? string.Empty).TrimStart('.').ToLowerInvariant();
        if (file is null || file.Length == 0)
        {
            return Problems.Of(400, "no_file", "请选择要上传的文件");
        }

        if (file.Length > MaxFileBytes)
        {
            return Problems.Of(400, "file_too_large", "文件不能超过 20 MB", $"The file is {file.Length:N0} bytes.");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (!Formats.Contains(format) || (format == "xlsx") != IsZip(bytes))
        {
            return Problems.Of(400, "unsupported_file", "只支持 CSV、TSV 或 Excel（.xlsx）文件");
        }

        // A picture or other binary file renamed to .csv (or UTF-16 text, which the readers do not decode)
        // would otherwise be queued and fail later as "no header".
        if (format != "xlsx" && bytes.AsSpan().Contains((byte)0))
        {
            return Problems.Of(400, "unsupported_file", "只支持 CSV、TSV 或 Excel（.xlsx）文件", "The file holds binary data, not text; save it as CSV (UTF-8 or GB18030), TSV or .xlsx.");
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var record = new ImportRecord
        {
            RowKey = id,
            FileName = Path.GetFileName(file.FileName),
            BlobName = $"{id}/source.{format}",
            Format = format,
            Status = ImportStatus.Queued,
            UploadedBy = StaffSession.From(user)?.Username ?? string.Empty,
            ScopeTownId = StaffSession.From(user) is { Role: Role.TownStaff } townStaff ? townStaff.ScopeId : null,
            UploadedAt = time.GetUtcNow(),
        };
        if (!await imports.TryCreateAsync(record, bytes, cancellationToken))
        {
            var existing = await imports.FindAsync(id, cancellationToken);
            return TypedResults.Ok(new ImportAccepted(id, existing?.Status.ToString().ToLowerInvariant() ?? "queued", Duplicate: true));
        }

        await queues.SendJsonAsync(ImportSurveyFile.QueueName, new ImportRequested(id), cancellationToken: cancellationToken);
        return TypedResults.Accepted($"/api/imports/{id}", new ImportAccepted(id, "queued", Duplicate: false));
    }

    public static async Task<Ok<IReadOnlyList<ImportSummary>>> GetImports(ImportStore imports, CancellationToken cancellationToken)
    {
        var list = new List<ImportSummary>();
        foreach (var record in (await imports.ListAsync(cancellationToken)).Take(50))
        {
            var (done, imported) = await imports.ProgressAsync(record.RowKey, cancellationToken);
            list.Add(new ImportSummary(record.RowKey, record.FileName, record.Status.ToString().ToLowerInvariant(), record.TotalRows, imported, record.RejectedRows,
                record.ChunksTotal, done, record.UploadedAt, record.StartedAt, record.FinishedAt, record.Error));
        }

        return TypedResults.Ok<IReadOnlyList<ImportSummary>>(list);
    }

    public static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> GetImport(string id, ImportStore imports, CancellationToken cancellationToken)
    {
        var record = await imports.FindAsync(id, cancellationToken);
        if (record is null)
        {
            return Problems.Of(404, "not_found", "没有这次导入");
        }

        var (done, imported) = await imports.ProgressAsync(id, cancellationToken);
        var rejected = await imports.ReadRejectedAsync(id, cancellationToken);
        return TypedResults.Ok(new ImportReport(record.RowKey, record.FileName, record.Status.ToString().ToLowerInvariant(), record.TotalRows, imported, record.RejectedRows,
            record.ChunksTotal, done, record.UploadedAt, record.StartedAt, record.FinishedAt, record.Error, rejected.Take(1000).ToList()));
    }

    /// <summary>A CSV to fill in (UTF-8 with BOM so Excel shows the Chinese correctly).</summary>
    public static FileContentHttpResult GetImportTemplate() => TypedResults.File(
        Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("标题,内容,社区,地址,电话,公开\r\n楼道照明,3号楼楼道的灯坏了很久，晚上上下楼不方便,朝林社区,3号楼,,是\r\n,希望小区增加几处休息座椅，方便老人遛弯歇脚,朝林社区,,,否\r\n")).ToArray(),
        "text/csv; charset=utf-8",
        "survey-template.csv");

    private static bool IsZip(byte[] bytes) => bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
}
