using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Tests;

public class FunctionMetadataTests
{
    [Fact]
    public async Task EveryEmittedFunctionJsonMatchesAHandlerTheHostCanReach()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var settings = new Dictionary<string, string>(TestApp.FastRuntime) { ["Functions:Mode"] = "CustomHandler" };
        await using var app = await TestApp.StartAsync(account.ConnectionString, settings, TestFunctionRegistration.With(new FunctionProbe()));
        var output = Directory.CreateTempSubdirectory("sms-functions-").FullName;
        Directory.CreateDirectory(Path.Combine(output, "RemovedFunction"));
        await File.WriteAllTextAsync(Path.Combine(output, "RemovedFunction", "function.json"), "{}");

        var written = FunctionMetadataWriter.Write(app.Services.GetRequiredService<FunctionCatalog>(), output);

        Assert.Contains("GetHealth", written);
        Assert.Contains(nameof(RecordingQueueFunction), written);
        Assert.Contains(nameof(RecordingTimerFunction), written);
        Assert.False(Directory.Exists(Path.Combine(output, "RemovedFunction")), "a function no longer declared must be removed");
        var folders = Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(written.Order(StringComparer.Ordinal), folders);
        foreach (var name in written)
        {
            var binding = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, name, "function.json")))!["bindings"]![0]!;
            await AssertReachableAsync(app, name, binding);
        }
    }

    private static async Task AssertReachableAsync(TestApp app, string name, JsonNode binding)
    {
        switch ((string?)binding["type"])
        {
            case "httpTrigger":
                // The host proxies /api/<route> to the same path on the handler.
                var route = System.Text.RegularExpressions.Regex.Replace((string)binding["route"]!, @"\{[^}]+\}", "x");
                var method = (string)binding["methods"]![0]!;
                using (var response = await app.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/" + route)))
                {
                    // A handler may say 404 about its data; only the fallback's "no such address" means the route is missing.
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.False(response.StatusCode == HttpStatusCode.NotFound && body.Contains("没有这个地址", StringComparison.Ordinal), $"{name}: /api/{route} is not routed");
                }

                Assert.Equal("anonymous", (string?)binding["authLevel"]);
                break;
            case "queueTrigger":
                var definition = app.Services.GetRequiredService<FunctionCatalog>().FindTriggered(name)!;
                Assert.Equal(((QueueFunctionTrigger)definition.Trigger).QueueName, (string?)binding["queueName"]);
                Assert.Equal("AzureWebJobsStorage", (string?)binding["connection"]);
                Assert.Equal("message", (string?)binding["name"]);
                using (var response = await app.Http.PostAsJsonAsync("/" + name, new { Data = new { message = "{}" }, Metadata = new { DequeueCount = 1 } }))
                {
                    // The handler ran: it answers in the host's shape (a meaningless message may fail, which the host would retry).
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.InternalServerError, $"{name}: {(int)response.StatusCode}");
                    Assert.True(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("Logs", out _));
                    if (name == nameof(RecordingQueueFunction))
                    {
                        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    }
                }

                break;
            case "timerTrigger":
                var timer = app.Services.GetRequiredService<FunctionCatalog>().FindTriggered(name)!;
                Assert.Equal(((TimerFunctionTrigger)timer.Trigger).Schedule, (string?)binding["schedule"]);
                using (var response = await app.Http.PostAsJsonAsync("/" + name, new { Data = new { timer = new { IsPastDue = false } }, Metadata = new { } }))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }

                break;
            default:
                Assert.Fail($"{name} has an unexpected binding {binding}");
                break;
        }
    }

    [Fact]
    public void AnApiEndpointWithoutANameCannotBeDeployedAndSaysSo()
    {
        var unnamed = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/anonymous-endpoint"), 0, EndpointMetadataCollection.Empty, "anonymous");
        var catalog = new FunctionCatalog([], [new DefaultEndpointDataSource(unnamed)]);

        var error = Assert.Throws<InvalidOperationException>(() => catalog.All);

        Assert.Contains("has no name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointsOutsideApiAreNotFunctions()
    {
        var page = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/track/{code}"), 0, EndpointMetadataCollection.Empty, "page");

        Assert.Empty(new FunctionCatalog([], [new DefaultEndpointDataSource(page)]).All);
    }

    [Fact]
    public async Task TwoFunctionsOnOneQueueStopTheAppAtStartup()
    {
        var account = await SharedAzurite.NewAccountAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var app = await TestApp.StartAsync(account.ConnectionString, configure: builder =>
            {
                TestFunctionRegistration.With(new FunctionProbe())(builder);
                builder.Services.AddSingleton(new FunctionDefinition("SecondConsumer", new QueueFunctionTrigger(RecordingQueueFunction.QueueName), typeof(RecordingQueueFunction)));
            });
        });

        Assert.Contains("one queue feeds one function", error.Message, StringComparison.Ordinal);
    }
}
