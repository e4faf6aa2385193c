using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServerlessMinSheng.TraceViewer;

/// <summary>One body an exporter posted: its signal (traces, metrics, logs) and its protobuf bytes.</summary>
internal sealed record OtlpPayload(string Signal, byte[] Body);

/// <summary>
/// An OTLP/HTTP receiver on a loopback port: accepts <c>POST /v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>
/// with <c>application/x-protobuf</c> bodies (gzip or not), keeps every body, and answers 200 with an empty
/// export response. What an exporter sends is kept as sent, so a test can search the raw bytes.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<OtlpPayload> _payloads = [];
    private readonly List<OtlpSpan> _spans = [];
    private readonly Lock _gate = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>Called with the spans of each trace export, as they arrive.</summary>
    public event Action<IReadOnlyList<OtlpSpan>>? SpansReceived;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Cancelled on Ctrl-C or SIGTERM (the receiver's host handles both).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public IReadOnlyList<OtlpPayload> Payloads
    {
        get
        {
            lock (_gate)
            {
                return [.. _payloads];
            }
        }
    }

    public IReadOnlyList<OtlpSpan> Spans
    {
        get
        {
            lock (_gate)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0: a free port, see <see cref="Endpoint"/>).</summary>
    public static async Task<OtlpReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        foreach (var signal in new[] { "traces", "metrics", "logs" })
        {
            app.MapPost("/v1/" + signal, (HttpRequest request) => receiver.ReceiveAsync(signal, request));
        }

        await app.StartAsync().ConfigureAwait(false);
        receiver.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> ReceiveAsync(string signal, HttpRequest request)
    {
        using var body = new MemoryStream();
        var source = request.Headers.ContentEncoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(body).ConfigureAwait(false);
        }

        var payload = new OtlpPayload(signal, body.ToArray());
        List<OtlpSpan> spans;
        try
        {
            spans = signal == "traces" ? OtlpSpan.ReadExport(payload.Body) : [];
        }
        catch (FormatException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        lock (_gate)
        {
            _payloads.Add(payload);
            _spans.AddRange(spans);
        }

        if (spans.Count > 0)
        {
            SpansReceived?.Invoke(spans);
        }

        return Results.Bytes([], "application/x-protobuf");
    }
}
