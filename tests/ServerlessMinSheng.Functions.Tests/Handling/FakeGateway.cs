using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ServerlessMinSheng.Functions.Tests.Handling;

/// <summary>
/// A message gateway (SMS provider relay, WeChat account back end) on a local port: records every call with its
/// headers, answers 500 to the first <c>failFirst</c> calls, and can take its time to answer.
/// </summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly int _failFirst;
    private readonly TimeSpan _delay;
    private int _calls;

    private FakeGateway(WebApplication app, int failFirst, TimeSpan delay)
    {
        _app = app;
        _failFirst = failFirst;
        _delay = delay;
    }

    public sealed record Call(string Path, string EventId, string Timestamp, string Signature, string Body, bool Accepted)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    public ConcurrentQueue<Call> Calls { get; } = new();

    public IReadOnlyList<Call> Accepted => Calls.Where(c => c.Accepted).ToList();

    public string Url { get; private set; } = string.Empty;

    public static async Task<FakeGateway> StartAsync(int failFirst = 0, TimeSpan? delay = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"] });
        var app = builder.Build();
        var gateway = new FakeGateway(app, failFirst, delay ?? TimeSpan.Zero);
        app.MapPost("/{channel}", async (string channel, Microsoft.AspNetCore.Http.HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            await Task.Delay(gateway._delay);
            var accepted = Interlocked.Increment(ref gateway._calls) > gateway._failFirst;
            gateway.Calls.Enqueue(new Call(
                channel,
                request.Headers["X-MinSheng-Event-Id"].ToString(),
                request.Headers["X-MinSheng-Timestamp"].ToString(),
                request.Headers["X-MinSheng-Signature"].ToString(),
                body,
                accepted));
            return accepted ? Microsoft.AspNetCore.Http.Results.Ok() : Microsoft.AspNetCore.Http.Results.StatusCode(500);
        });
        await app.StartAsync();
        gateway.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return gateway;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
