using System.Globalization;
using System.Net;

namespace ServerlessMinSheng.Storage;

internal enum StorageService
{
    Blob,
    Queue,
    Table,
}

/// <summary>
/// Sends signed requests with per-attempt timeouts and retries transient failures (timeouts, refused
/// connections, 408/500/502/503/504) with exponential back-off and jitter. Anything else is returned
/// to the caller, which turns it into a typed error.
/// </summary>
internal sealed class StoragePipeline
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),

        // Azurite (Node's HTTP server) closes a connection idle for 5 s; reusing one it has just closed
        // failed batch writes with "Error while copying content to a stream". Let them go first.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    private readonly StorageSharedKeyCredential _credential;
    private readonly StorageService _service;
    private readonly HttpClient _client;

    public StoragePipeline(StorageSharedKeyCredential credential, StorageService service, StorageClientOptions options)
    {
        _credential = credential;
        _service = service;
        Options = options;
        _client = options.HttpClient ?? SharedClient.Value;
    }

    public StorageClientOptions Options { get; }

    public StorageSharedKeyCredential Credential => _credential;

    public async Task<HttpResponseMessage> SendAsync(StorageRequest request, CancellationToken cancellationToken, bool bufferResponse = true)
    {
        var retry = Options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(Options.NetworkTimeout);
                var date = Options.TimeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
                var authorization = _service == StorageService.Table
                    ? SharedKeySigner.AuthorizeTable(request, date, _credential)
                    : SharedKeySigner.AuthorizeBlobOrQueue(request, date, _credential);
                using var message = request.ToHttpRequestMessage(date, authorization);
                try
                {
                    response = await _client.SendAsync(
                        message,
                        bufferResponse ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead,
                        attemptTimeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new TimeoutException($"No answer within {Options.NetworkTimeout.TotalSeconds:0.#} s.", ex);
                }
                catch (HttpRequestException ex)
                {
                    failure = ex;
                }
            }

            if (response is not null && !IsTransient(response.StatusCode))
            {
                return response;
            }

            if (attempt > retry.MaxRetries)
            {
                if (response is not null)
                {
                    return response; // The caller reports the service's own error for the last attempt.
                }

                throw new StorageUnavailableException(
                    0,
                    "ServiceUnreachable",
                    $"{_service} storage at {request.Uri.GetLeftPart(UriPartial.Authority)} could not be reached " +
                    $"({request.Method} {request.Uri.AbsolutePath}, {attempt} attempt(s)): {failure?.Message}",
                    failure);
            }

            var delay = BackOff(retry, attempt);
            Options.OnRetry?.Invoke(new StorageRetryEvent(request.Method.Method, request.Uri, attempt, delay, (int?)response?.StatusCode, failure));
            response?.Dispose();
            await Task.Delay(delay, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    /// <summary>Exponential back-off with "equal jitter": half the step is fixed, half random, so retrying clients spread out.</summary>
    internal static TimeSpan BackOff(StorageRetryOptions retry, int attempt)
    {
        var step = Math.Min(retry.MaxDelay.TotalMilliseconds, retry.Delay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds((step / 2) + (Random.Shared.NextDouble() * step / 2));
    }
}
