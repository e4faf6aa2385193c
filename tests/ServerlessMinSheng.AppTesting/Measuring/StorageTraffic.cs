using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.AppTesting;

public enum CallKind
{
    TableRead,
    TableWrite,
    TableDelete,
    TableTransaction,
    QueueSend,
    QueueOther,
    Other,
}

/// <summary>
/// Counts and times the storage calls the in-process app makes, by kind, by sitting under its storage
/// client as the HTTP handler. A lost optimistic-concurrency race inside a transaction answers 202 with
/// the failure in the body, so transaction answers are read for an inner 412 or 409: those are the
/// commits the app had to retry.
/// </summary>
public sealed class StorageTraffic : DelegatingHandler
{
    private static readonly int Kinds = Enum.GetValues<CallKind>().Length;
    private readonly int _tablePort;
    private readonly int _queuePort;
    private readonly long[] _calls = new long[Kinds];
    private readonly long[] _ticks = new long[Kinds];
    private long _lostTransactions;
    private long _transientRetries;

    public StorageTraffic(IReadOnlyDictionary<AzuriteService, int> ports)
        : base(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false })
    {
        _tablePort = ports[AzuriteService.Table];
        _queuePort = ports[AzuriteService.Queue];
        Client = new HttpClient(this) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The client to give the app's storage options.</summary>
    public HttpClient Client { get; }

    /// <summary>What the app's storage clients are built with: this handler as their transport, and a count of retried attempts.</summary>
    public StorageClientHooks Hooks => new(new HttpClientTransport(Client), new RetryCounter(this));

    /// <summary>Calls and their summed latency (Stopwatch ticks) per <see cref="CallKind"/>, at one moment or between two.</summary>
    public sealed record Counts(long[] Calls, long[] Ticks, long LostTransactions, long TransientRetries)
    {
        public long this[CallKind kind] => Calls[(int)kind];

        public static Counts operator +(Counts a, Counts b) => Combine(a, b, 1);

        public static Counts operator -(Counts a, Counts b) => Combine(a, b, -1);

        /// <summary>"per timer: 2.0 reads (3.1 ms), 3.0 writes (4.0 ms), …" — calls per item, with each kind's mean latency.</summary>
        public string Per(long items, string what)
        {
            string Part(CallKind kind, string name)
            {
                var calls = this[kind];
                var perItem = (calls / (double)Math.Max(1, items)).ToString("0.0#", CultureInfo.InvariantCulture);
                var mean = calls == 0 ? "-" : Latency.Format(Ticks[(int)kind] * 1000.0 / Stopwatch.Frequency / calls);
                return $"{perItem} {name} ({mean})";
            }

            return $"storage calls per {what} (mean latency): {Part(CallKind.TableRead, "table reads")}, {Part(CallKind.TableWrite, "writes")}, {Part(CallKind.TableDelete, "deletes")}, "
                + $"{Part(CallKind.TableTransaction, "transactions")}, {Part(CallKind.QueueSend, "queue sends")}, {Part(CallKind.QueueOther, "other queue calls")}; "
                + $"transactions that lost a race {LostTransactions}, transient retries {TransientRetries}";
        }

        private static Counts Combine(Counts a, Counts b, int sign) => new(
            a.Calls.Zip(b.Calls, (x, y) => x + (sign * y)).ToArray(),
            a.Ticks.Zip(b.Ticks, (x, y) => x + (sign * y)).ToArray(),
            a.LostTransactions + (sign * b.LostTransactions),
            a.TransientRetries + (sign * b.TransientRetries));
    }

    public Counts Snapshot() => new(
        Enumerable.Range(0, Kinds).Select(i => Interlocked.Read(ref _calls[i])).ToArray(),
        Enumerable.Range(0, Kinds).Select(i => Interlocked.Read(ref _ticks[i])).ToArray(),
        Interlocked.Read(ref _lostTransactions),
        Interlocked.Read(ref _transientRetries));

    public void RetryHappened() => Interlocked.Increment(ref _transientRetries);

    private sealed class RetryCounter(StorageTraffic traffic) : HttpPipelineSynchronousPolicy
    {
        private const string Attempted = "ServerlessMinSheng.Attempted";

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.TryGetProperty(Attempted, out _))
            {
                traffic.RetryHappened();
            }

            message.SetProperty(Attempted, true);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var uri = request.RequestUri!;
        var kind = Classify(uri, request.Method.Method);
        if (kind == CallKind.TableTransaction)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.Contains("HTTP/1.1 412", StringComparison.Ordinal) || body.Contains("HTTP/1.1 409", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _lostTransactions);
            }
        }

        Interlocked.Add(ref _ticks[(int)kind], Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref _calls[(int)kind]);
        return response;
    }

    private CallKind Classify(Uri uri, string method) =>
        uri.Port == _tablePort
            ? uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal) ? CallKind.TableTransaction
                : method switch { "GET" => CallKind.TableRead, "DELETE" => CallKind.TableDelete, _ => CallKind.TableWrite }
            : uri.Port == _queuePort
                ? method == "POST" ? CallKind.QueueSend : CallKind.QueueOther
                : CallKind.Other;
}
