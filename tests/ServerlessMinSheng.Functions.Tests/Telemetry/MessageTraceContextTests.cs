using System.Text.Json;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Notifications;
using ServerlessMinSheng.Functions.SurveyImport;
using ServerlessMinSheng.Functions.Telemetry;

namespace ServerlessMinSheng.Functions.Tests.Telemetry;

public class MessageTraceContextTests
{
    private const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void TheContextIsPutFirstInAJsonObjectAndReadBack()
    {
        var message = MessageTraceContext.With("""{"bucket":"0SS9J","codes":["0SS9JREWQ7"]}""", Parent, "vendor=x");
        var context = MessageTraceContext.Extract(message);

        Assert.StartsWith("""{"traceparent":"00-0af7""", message, StringComparison.Ordinal);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", context.SpanId.ToHexString());
        Assert.Equal("vendor=x", context.TraceState);
        Assert.True(context.IsRemote);
        Assert.Equal("0SS9J", JsonDocument.Parse(message).RootElement.GetProperty("bucket").GetString());
    }

    [Theory]
    [InlineData("{}", """{"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}""")]
    [InlineData(" { } ", """ {"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } """)]
    [InlineData("路灯不亮", "路灯不亮")]
    [InlineData("[1,2]", "[1,2]")]
    [InlineData("", "")]
    public void OnlyJsonObjectsGetAContext(string message, string expected) =>
        Assert.Equal(expected, MessageTraceContext.With(message, Parent, null));

    [Fact]
    public void AMessageThatCarriesAContextKeepsIt()
    {
        var first = MessageTraceContext.With("""{"a":1}""", Parent, null);
        Assert.Equal(first, MessageTraceContext.With(first, "00-11111111111111111111111111111111-2222222222222222-01", null));
    }

    [Theory]
    [InlineData("""{"bucket":"0SS9J"}""")]
    [InlineData("""{"traceparent":"not a traceparent"}""")]
    [InlineData("""{"inner":{"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}}""")]
    [InlineData("""{"traceparent": 12 """)]
    [InlineData("not json \"traceparent\"")]
    public void AMessageWithoutAValidTopLevelContextHasNone(string message) =>
        Assert.Equal(default, MessageTraceContext.Extract(message));

    /// <summary>Every queue function's message, with a context added, reads back as the record that was sent.</summary>
    [Fact]
    public void EveryHandlersMessageRecordReadsTheSameWithTheContextAdded()
    {
        AssertRoundTrip(new TriageRequested("0SS9J", ["0SS9JREWQ7", "0SS9JABCDE"]), (a, b) => a.Bucket == b.Bucket && a.Codes.SequenceEqual(b.Codes));
        AssertRoundTrip(new ImportRequested("imp1"), (a, b) => a == b);
        AssertRoundTrip(new ImportChunkRequested("imp1", 3), (a, b) => a == b);
        AssertRoundTrip(new NotificationMessage("request|0SS9JREWQ7", "request:0SS9JREWQ7:3|sms"), (a, b) => a == b);
        AssertRoundTrip(new DueTimer("request", "0SS9JREWQ7", 4, "sign_due", new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero)), (a, b) => a == b && b.TraceParent is null);
    }

    private static void AssertRoundTrip<T>(T sent, Func<T, T, bool> same)
    {
        var text = MessageTraceContext.With(JsonSerializer.Serialize(sent, JsonSerializerOptions.Web), Parent, "vendor=x");
        var read = JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web);

        Assert.Contains("traceparent", text, StringComparison.Ordinal);
        Assert.NotNull(read);
        Assert.True(same(sent, read), $"{typeof(T).Name} read back differently from {text}");
    }
}
