using ServerlessMinSheng.Functions.Diagnostics;
using ServerlessMinSheng.Storage.Queues;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Functions.Tests;

public class CrashRecoveryTests
{
    [Fact]
    public async Task KillingTheAppWhileAMessageIsHandledLosesNothing()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = account.ConnectionString,
            ["Diagnostics__Enabled"] = "true",
            ["Functions__LocalRuntime__VisibilityTimeout"] = "00:00:03",
            ["Functions__LocalRuntime__MaxPollingInterval"] = "00:00:00.250",
        };
        var queue = new QueueClient(account.ConnectionString, DiagnosticEcho.QueueName);
        await queue.CreateIfNotExistsAsync();
        var echoes = new TableServiceClient(account.ConnectionString).GetTableClient(DiagnosticEcho.TableName);

        await using (var first = AppProcess.Start(environment))
        {
            await first.WaitUntilListeningAsync();
            await queue.SendMessageAsync("""{"id":"crash-1","delayMs":60000,"slowUntilDequeue":1}""");
            await Eventually.TrueAsync(
                async () => await echoes.GetEntityIfExistsAsync<TableEntity>("attempt", "crash-1-1") is not null,
                "the first attempt to start");

            await first.KillAsync();
        }

        Assert.Null(await echoes.GetEntityIfExistsAsync<TableEntity>("done", "crash-1"));
        await using var second = AppProcess.Start(environment);
        var done = await Eventually.ReturnsAsync(
            () => echoes.GetEntityIfExistsAsync<TableEntity>("done", "crash-1"),
            d => d is not null,
            "the message to be handled after the restart",
            TimeSpan.FromSeconds(60));

        Assert.Equal(2L, done!.GetInt64("DequeueCount"));
        await Eventually.TrueAsync(async () => (await queue.GetPropertiesAsync()).ApproximateMessagesCount == 0, "the message to be deleted");
    }
}
