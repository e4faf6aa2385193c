using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessMinSheng.Functions.Diagnostics;
using ServerlessMinSheng.Storage.Queues;
using ServerlessMinSheng.Storage.Tables;

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
            ["sys"] = new { MethodName = "DiagnosticEcho", UtcNow = "2026-11-21T06:00:01Z" },
        },
    };

    [Fact]
    public async Task AQueueInvocationFromTheHostRunsTheHandlerAndAnswersInTheHostsShape()
    {
        var account = await SharedAzurite.NewAccountAsync();
        await using var app = await TestApp.StartAsync(account.ConnectionString, UnderTheHost);

        using var response = await app.Http.PostAsJsonAsync("/DiagnosticEcho", QueueInvocation("""{"id":"host-1"}""", 3));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.RootElement.ToString());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Logs").ValueKind);
        Assert.True(body.RootElement.TryGetProperty("ReturnValue", out _));
        var done = await new TableServiceClient(account.ConnectionString).GetTableClient(DiagnosticEcho.TableName).GetEntityAsync<TableEntity>("done", "host-1");
        Assert.Equal(3L, done.GetInt64("DequeueCount"));
    }

    [Fact]
    public async Task AFailingInvocationAnswersNon2xxSoTheHostRetries()
    {
        var account = await SharedAzurite.NewAccountAsync();
        await using var app = await TestApp.StartAsync(account.ConnectionString, UnderTheHost);

        using var response = await app.Http.PostAsJsonAsync("/DiagnosticEcho", QueueInvocation("""{"id":"host-2","failUntilDequeue":2}""", 1));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("fails on purpose", body.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHostMayDeliverAJsonMessageAsAnObject()
    {
        var account = await SharedAzurite.NewAccountAsync();
        await using var app = await TestApp.StartAsync(account.ConnectionString, UnderTheHost);
        var invocation = new { Data = new { message = new { id = "host-3" } }, Metadata = new { DequeueCount = "1" } };

        using var response = await app.Http.PostAsJsonAsync("/DiagnosticEcho", invocation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownFunctionsAndBadPayloadsAreRefusedWithProblemDetails()
    {
        var account = await SharedAzurite.NewAccountAsync();
        await using var app = await TestApp.StartAsync(account.ConnectionString, UnderTheHost);

        using var unknown = await app.Http.PostAsJsonAsync("/NoSuchFunction", QueueInvocation("{}", 1));
        using var malformed = await app.Http.PostAsync("/DiagnosticEcho", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task UnderTheHostTheLocalRuntimeLeavesQueuesAlone()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var queue = new QueueClient(account.ConnectionString, DiagnosticEcho.QueueName);
        await queue.CreateIfNotExistsAsync();
        await using var app = await TestApp.StartAsync(account.ConnectionString, UnderTheHost);

        await queue.SendMessageAsync("""{"id":"not-for-us"}""");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal(0, Assert.Single(await queue.PeekMessagesAsync()).DequeueCount);
    }

    [Fact]
    public async Task WithoutTheHostTheInvocationEndpointsDoNotExist()
    {
        var account = await SharedAzurite.NewAccountAsync();
        await using var app = await TestApp.StartAsync(account.ConnectionString);

        using var response = await app.Http.PostAsJsonAsync("/DiagnosticEcho", QueueInvocation("""{"id":"outsider"}""", 1));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"got {response.StatusCode}");
    }
}
