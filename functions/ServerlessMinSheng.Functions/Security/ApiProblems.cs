using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Security;

/// <summary>
/// Turns the exceptions a request can meet into ProblemDetails a person understands: bad bodies (400,
/// 413), storage outages (503, retry later), lost concurrency races (409). Anything else is a 500 whose
/// details stay in the log.
/// </summary>
internal sealed partial class ApiProblems(IProblemDetailsService problems, ILogger<ApiProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "payload_too_large", "请求内容过大", "The request body is larger than this endpoint accepts."),
            BadHttpRequestException bad => (bad.StatusCode, "bad_request", "请求格式不正确", Describe(bad)),
            RequestFailedException { Status: 412 } => (409, "concurrency_conflict", "数据已被他人修改", "Someone else changed this record at the same moment; reload it and try again."),
            _ when StorageFailures.IsUnavailable(exception) => (503, "storage_unavailable", "存储服务暂时不可用", "Storage did not answer; nothing was changed. Try again in a few seconds."),
            _ => (500, "internal_error", "服务器内部错误", "An unexpected error occurred; it has been logged."),
        };
        if (status >= 500)
        {
            LogFailure(exception, context.Request.Method, context.Request.Path);
        }

        if (status == 503)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } },
        });
    }

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json
            ? $"The body is not valid JSON: {json.Message}"
            : bad.InnerException is System.Text.DecoderFallbackException ? "The body is not valid UTF-8." : bad.Message;

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void LogFailure(Exception exception, string method, string path);
}
