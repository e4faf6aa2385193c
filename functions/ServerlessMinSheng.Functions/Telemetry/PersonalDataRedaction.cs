using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ServerlessMinSheng.Functions.Telemetry;

/// <summary>
/// Runs on every span before any exporter sees it and takes out what could identify a resident: query strings
/// (the instrumentations only mask their values, and a partner's callback URL or a gateway's may carry a
/// number), the caller's address and user agent. Paths stay: ours hold tracking codes and ids, never names.
/// Request and response bodies are never recorded by anything registered in <see cref="TelemetryRegistration"/>.
/// </summary>
internal sealed class PersonalDataRedaction : BaseProcessor<Activity>
{
    private static readonly string[] Dropped = ["url.query", "client.address", "client.port", "network.peer.address", "network.peer.port", "user_agent.original", "http.user_agent"];
    private static readonly string[] Urls = ["url.full", "http.url", "http.target"];

    public override void OnEnd(Activity activity)
    {
        foreach (var tag in Dropped)
        {
            if (activity.GetTagItem(tag) is not null)
            {
                activity.SetTag(tag, null);
            }
        }

        foreach (var tag in Urls)
        {
            if (activity.GetTagItem(tag) is string url && WithoutQuery(url) is var bare && !ReferenceEquals(bare, url))
            {
                activity.SetTag(tag, bare);
            }
        }
    }

    internal static string WithoutQuery(string url)
    {
        var cut = url.IndexOfAny(['?', '#']);
        return cut < 0 ? url : url[..cut];
    }
}

/// <summary>
/// Which spans are recorded. Every entry into the app is, whatever an upstream caller decided (a district's volume
/// is small, and a request is followed by its trace); inside a trace the parent's decision holds. An outgoing HTTP
/// call with no parent is dropped: that is the trigger runtime polling its queues and renewing leases, several
/// calls a second that would each be a trace of one span.
/// </summary>
internal sealed class EntryPointSampler : Sampler
{
    /// <summary>The operation name of HttpClient's spans (its source is System.Net.Http).</summary>
    private const string HttpClientOperation = "System.Net.Http.HttpRequestOut";

    private readonly Sampler _parentBased = new ParentBasedSampler(new RootSampler(), remoteParentSampled: new AlwaysOnSampler(), remoteParentNotSampled: new AlwaysOnSampler(), localParentSampled: new AlwaysOnSampler(), localParentNotSampled: new AlwaysOffSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => _parentBased.ShouldSample(samplingParameters);

    private sealed class RootSampler : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            samplingParameters.Kind == ActivityKind.Client && samplingParameters.Name == HttpClientOperation
                ? new SamplingResult(SamplingDecision.Drop)
                : new SamplingResult(SamplingDecision.RecordAndSample);
    }
}
