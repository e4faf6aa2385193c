using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Functions.Hosting.LocalRuntime;
using Azure.Data.Tables;

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
    public async Task AClockOffAWholeMillisecondDoesNotSpinTheScheduler()
    {
        // Task.Delay truncates to whole milliseconds; a wait of 0.4 ms once completed at once and the
        // scheduler spun forever on a clock that moves only when told (it hung CI for 90 minutes).
        var start = Start.AddTicks(4_321);
        var account = await SharedAzurite.NewAccountAsync();
        var time = new ManualTimeProvider(start);
        var probe = new FunctionProbe();
        await using var app = await TestApp.StartAsync(account.ConnectionString, configure: TestFunctionRegistration.With(probe, time));
        var due = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.FromHours(8));
        await time.WaitForTimerDueAtAsync(start + TimerScheduler.WholeMilliseconds(due - start));

        var advance = Task.Run(() => time.Advance(TimeSpan.FromMinutes(3)));
        Assert.Same(advance, await Task.WhenAny(advance, Task.Delay(TimeSpan.FromSeconds(20))));
        await Eventually.TrueAsync(() => Task.FromResult(probe.Ticks.Count == 1), "the 02:00 tick");
        Assert.Equal(due, probe.Ticks.Single().ScheduledFor);
    }

    [Fact]
    public async Task AnOccurrenceMissedWhileTheAppWasDownRunsOnceAtStartupAsPastDue()
    {
        var account = await SharedAzurite.NewAccountAsync();
        var tables = StorageClients.Tables(account.ConnectionString);
        var missed = Start.AddMinutes(-30);
        await new TimerStatusStore(tables).SaveAsync(nameof(RecordingTimerFunction), null, missed, CancellationToken.None);
        var probe = new FunctionProbe();

        await using var app = await TestApp.StartAsync(account.ConnectionString, configure: TestFunctionRegistration.With(probe, new ManualTimeProvider(Start)));

        var tick = await Eventually.ReturnsAsync(() => Task.FromResult(probe.Ticks.ToList()), t => t.Count == 1, "the past-due run");
        Assert.True(tick[0].IsPastDue);
        Assert.Equal(missed, tick[0].ScheduledFor);
        var status = await Eventually.ReturnsAsync(
            async () => (await tables.GetTableClient(TimerStatusStore.TableName).GetEntityAsync<TableEntity>("timers", nameof(RecordingTimerFunction))).Value,
            s => s.GetDateTimeOffset("Next") > Start,
            "the next due time to be saved");
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.FromHours(8)), status.GetDateTimeOffset("Next"));
    }
}
