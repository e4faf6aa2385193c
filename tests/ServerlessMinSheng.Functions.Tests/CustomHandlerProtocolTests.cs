using ServerlessMinSheng.Functions.Storage;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Functions.Tests;

public class CustomHandlerProtocolTests
{
    private static readonly Dictionary<string, string> UnderTheHost = new(TestApp.FastRuntime) { ["Functions:Mode"] = "CustomHandler" };

    private static object QueueInvocation(string message, int dequeueCount) => new
    {
        Data = new Dictionary<string, object> { ["message"] = message },
        Metadata = new Dictionary<string, object>
        {
            ["DequeueCount"] = dequeueCount,
            ["Id"] = "6a1bd5d1-f2e4-4f0e-a8a5-6f3b1c2e9d10",
            ["InsertionTime"] = "2026-11-21T06:00:00+00:00",
            ["sys"] = new { MethodName = nameof(RecordingQueueFunction), UtcNow = "2026-11-21T06:00:01Z" },
        },
    };

    private static async Task<(TestApp App, FunctionProbe Probe)> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var account = await SharedAzurite.NewAccountAsync();
        var probe = new FunctionProbe();
        return (await TestApp.StartAsync(account.ConnectionString, settings ?? UnderTheHost, TestFunctionRegistration.With(probe)), probe);
    }

    [Fact]
    public async Task AQueueInvocationFromTheHostRunsTheHandlerAndAnswersInTheHostsShape()
    {
        var (app, probe) = await StartAsync();
        await using var running = app;

        using var response = await app.Http.PostAsJsonAsync("/" + nameof(RecordingQueueFunction), QueueInvocation("""{"id":"host-1"}""", 3));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.RootElement.ToString());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Logs").ValueKind);
        Assert.True(body.RootElement.TryGetProperty("ReturnValue", out _));
        var handled = Assert.Single(probe.Messages);
        Assert.Equal("""{"id":"host-1"}""", handled.MessageText);
        Assert.Equal(3, handled.DequeueCount);
        Assert.Equal("6a1bd5d1-f2e4-4f0e-a8a5-6f3b1c2e9d10", handled.MessageId);
    }

    [Fact]
    public async Task AFailingInvocationAnswersNon2xxSoTheHostRetries()
    {
        var (app, probe) = await StartAsync();
        await using var running = app;
        probe.OnMessage = (_, _) => throw new InvalidOperationException("fails on purpose");

        using var response = await app.Http.PostAsJsonAsync("/" + nameof(RecordingQueueFunction), QueueInvocation("{}", 1));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("fails on purpose", body.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHostMayDeliverAJsonMessageAsAnObject()
    {
        var (app, probe) = await StartAsync();
        await using var running = app;
        var invocation = new { Data = new { message = new { id = "host-3" } }, Metadata = new { DequeueCount = "1" } };

        using var response = await app.Http.PostAsJsonAsync("/" + nameof(RecordingQueueFunction), invocation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"id":"host-3"}""", Assert.Single(probe.Messages).MessageText);
    }

    [Fact]
    public async Task ATimerInvocationRunsTheTimerFunction()
    {
        var (app, probe) = await StartAsync();
        await using var running = app;

        using var response = await app.Http.PostAsJsonAsync("/" + nameof(RecordingTimerFunction), new { Data = new { timer = new { IsPastDue = true } }, Metadata = new { } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Assert.Single(probe.Ticks).IsPastDue);
    }

    [Fact]
    public async Task UnknownFunctionsAndBadPayloadsAreRefusedWithProblemDetails()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;

        using var unknown = await app.Http.PostAsJsonAsync("/NoSuchFunction", QueueInvocation("{}", 1));
        using var malformed = await app.Http.PostAsync("/" + nameof(RecordingQueueFunction), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task UnderTheHostTheLocalRuntimeLeavesQueuesAlone()
    {
        var (app, probe) = await StartAsync();
        await using var running = app;
        var queue = StorageClients.Queues(app.Configuration()["AzureWebJobsStorage"]!).GetQueueClient(RecordingQueueFunction.QueueName);
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("not for us");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Empty(probe.Messages);
        Assert.Equal(0, Assert.Single((await queue.PeekMessagesAsync()).Value).DequeueCount);
    }

    [Fact]
    public async Task WithoutTheHostTheInvocationEndpointsDoNotExist()
    {
        var (app, probe) = await StartAsync(TestApp.FastRuntime);
        await using var running = app;

        using var response = await app.Http.PostAsJsonAsync("/" + nameof(RecordingQueueFunction), QueueInvocation("{}", 1));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"got {response.StatusCode}");
        Assert.Empty(probe.Messages);
    }
}

internal static class TestAppConfiguration
{
    public static Microsoft.Extensions.Configuration.IConfiguration Configuration(this TestApp app) => app.App.Configuration;
}
