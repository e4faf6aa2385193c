using System.Net;

namespace ServerlessMinSheng.Storage.Tests;

/// <summary>
/// Sits between the client and the real Azurite and makes chosen requests fail the way a network or an
/// overloaded service does, so retry behaviour is tested against the real service, not a mock of it.
/// </summary>
internal sealed class FaultInjectingHandler : DelegatingHandler
{
    private int _failuresLeft;

    public FaultInjectingHandler(int failures, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? fault = null)
        : base(new SocketsHttpHandler())
    {
        _failuresLeft = failures;
        Fault = fault ?? ((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));
    }

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Fault { get; }

    public int Requests { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return await Fault(request, cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
