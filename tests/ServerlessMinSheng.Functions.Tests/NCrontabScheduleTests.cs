using System.Globalization;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Hosting.Cron;

namespace ServerlessMinSheng.Functions.Tests;

/// <summary>The timer schedules the app uses, read as the Functions host reads them: NCRONTAB, six fields, in a time zone.</summary>
public class NCrontabScheduleTests
{
    // Functions:TimeZone's default; it has no daylight saving, so wall-clock rows read as written.
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("*/5 * * * * *", "2026-11-21 10:00:00", "2026-11-21 10:00:05")]
    [InlineData("*/5 * * * * *", "2026-11-21 10:00:03", "2026-11-21 10:00:05")]
    [InlineData("0 * * * * *", "2026-11-21 10:00:00", "2026-11-21 10:01:00")]
    [InlineData("0 */5 * * * *", "2026-11-21 10:04:59", "2026-11-21 10:05:00")]
    [InlineData("0 0 2 * * *", "2026-11-21 02:00:00", "2026-11-22 02:00:00")]
    [InlineData("0 0 2 * * *", "2026-11-21 01:59:59", "2026-11-21 02:00:00")]
    [InlineData("0 30 9 * * Mon-Fri", "2026-11-21 10:00:00", "2026-11-23 09:30:00")]
    [InlineData("0 0 8-18/4 * * *", "2026-11-21 12:00:01", "2026-11-21 16:00:00")]
    [InlineData("0 0 0 1 */3 *", "2026-11-21 00:00:00", "2027-01-01 00:00:00")]
    [InlineData("0 0 0 29 Feb *", "2026-03-01 00:00:00", "2028-02-29 00:00:00")]
    [InlineData("0 0 0 29 Feb Mon", "2026-01-01 00:00:00", "2044-02-29 00:00:00")]
    [InlineData("0 0 12 * Dec Sun", "2026-11-21 00:00:00", "2026-12-06 12:00:00")]
    [InlineData("15,45 0 0 * * *", "2026-11-21 00:00:20", "2026-11-21 00:00:45")]
    [InlineData("59 59 23 31 12 *", "2026-12-31 23:59:59", "2027-12-31 23:59:59")]
    [InlineData("30 */2 * * * *", "2026-11-21 10:00:30.5", "2026-11-21 10:02:30")]
    public void NextOccurrenceIsTheFirstMatchingSecondAfterTheGivenTime(string expression, string after, string expected)
    {
        var next = TimerSchedule.Parse(expression).GetNextOccurrence(InShanghai(after), Shanghai);

        Assert.Equal(InShanghai(expected), next);
    }

    [Fact]
    public void TheNightlyRankingRunsAtTwoInTheMorningInTheConfiguredZone()
    {
        var nightly = TimerSchedule.Parse("0 0 2 * * *");

        var next = nightly.GetNextOccurrence(new DateTimeOffset(2026, 11, 21, 17, 0, 0, TimeSpan.Zero), Shanghai);

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.Zero), next.ToUniversalTime());
    }

    [Fact]
    public void AWallClockTimeSkippedByDaylightSavingIsSkipped()
    {
        var at0230 = TimerSchedule.Parse("0 30 2 * * *");

        // 2026-03-08 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
        var next = at0230.GetNextOccurrence(new DateTimeOffset(2026, 3, 8, 6, 0, 0, TimeSpan.Zero), NewYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 2, 30, 0, TimeSpan.FromHours(-4)), next);
    }

    [Fact]
    public void AWallClockTimeRepeatedWhenTheClocksGoBackFiresOnceTheFirstTime()
    {
        var at0130 = TimerSchedule.Parse("0 30 1 * * *");

        // On 2026-11-01 New York goes from 02:00 EDT back to 01:00 EST, so 01:30 happens twice.
        var first = at0130.GetNextOccurrence(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(-4)), NewYork);
        var second = at0130.GetNextOccurrence(first, NewYork);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4)), first);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.FromHours(-5)), second);
    }

    [Theory]
    [InlineData("* * * * *", "6 components")]
    [InlineData("0 * * * * * *", "6 components")]
    [InlineData("", "6 components")]
    [InlineData("60 * * * * *", "[Second] field")]
    [InlineData("0 0 24 * * *", "[Hour] field")]
    [InlineData("0 0 0 0 * *", "[Day] field")]
    [InlineData("0 0 2 ? * *", "[Day] crontab field")]
    [InlineData("0 0 0 * 13 *", "[Month] field")]
    [InlineData("0 0 0 * Foo *", "[Month] crontab field")]
    [InlineData("0 0 0 * * 7", "[DayOfWeek] field")]
    [InlineData("a * * * * *", "[Second] crontab field")]
    public void InvalidExpressionsAreRejectedNamingTheExpressionAndTheField(string expression, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression));

        Assert.Contains($"'{expression}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 0 30 Feb *")]
    [InlineData("0 0 9 31 Apr,Jun,Sep,Nov *")]
    public void AScheduleThatNeverFiresIsRejected(string expression)
    {
        var error = Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression));

        Assert.Contains($"'{expression}' never fires", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadScheduleStopsStartupNamingTheFunctionAndTheExpression()
    {
        var error = Assert.Throws<StartupException>(() => new ServiceCollection().AddTimerFunction<RecordingTimerFunction>("0 0 2 * *"));

        Assert.Contains(nameof(RecordingTimerFunction), error.Message, StringComparison.Ordinal);
        Assert.Contains("'0 0 2 * *'", error.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset InShanghai(string wallClock) =>
        new(DateTime.ParseExact(wallClock, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.F"], CultureInfo.InvariantCulture), TimeSpan.FromHours(8));
}
