using ServerlessMinSheng.Functions.Hosting.LocalRuntime;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Functions.Tests;

public class TimerRuntimeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 1, 58, 30, TimeSpan.FromHours(8));

    [Fact]
    public async Task ATimerFiresAtEachOccurrenceAsTheClockMoves()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var time = new ManualTimeProvider(Start);
        var probe = new FunctionProbe();
        await using var app = await TestApp.StartAsync(account.ConnectionString, configure: TestFunctionRegistration.With(probe, time));
        await time.WaitForTimerDueAtAsync(Start.AddSeconds(90));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(probe.Ticks);
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => Task.FromResult(probe.Ticks.Count == 1), "the 02:00 tick");
        await time.WaitForTimerDueAtAsync(Start.AddSeconds(390));
        time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => Task.FromResult(probe.Ticks.Count == 2), "the 02:05 tick");

        Assert.Equal(
            [new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 11, 21, 2, 5, 0, TimeSpan.FromHours(8))],
            probe.Ticks.Select(t => t.ScheduledFor));
        Assert.All(probe.Ticks, t => Assert.False(t.IsPastDue));
    }

    [Fact]
    public async Task AnOccurrenceMissedWhileTheAppWasDownRunsOnceAtStartupAsPastDue()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var tables = new TableServiceClient(account.ConnectionString);
        var missed = Start.AddMinutes(-30);
        await new TimerStatusStore(tables).SaveAsync(nameof(RecordingTimerFunction), null, missed, CancellationToken.None);
        var probe = new FunctionProbe();

        await using var app = await TestApp.StartAsync(account.ConnectionString, configure: TestFunctionRegistration.With(probe, new ManualTimeProvider(Start)));

        var tick = await Eventually.ReturnsAsync(() => Task.FromResult(probe.Ticks.ToList()), t => t.Count == 1, "the past-due run");
        Assert.True(tick[0].IsPastDue);
        Assert.Equal(missed, tick[0].ScheduledFor);
        var status = await Eventually.ReturnsAsync(
            () => tables.GetTableClient(TimerStatusStore.TableName).GetEntityAsync<TableEntity>("timers", nameof(RecordingTimerFunction)),
            s => s.GetDateTimeOffset("Next") > Start,
            "the next due time to be saved");
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.FromHours(8)), status.GetDateTimeOffset("Next"));
    }
}
