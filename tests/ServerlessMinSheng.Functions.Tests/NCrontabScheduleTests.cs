using System.Globalization;
using ServerlessMinSheng.Functions.Hosting.Cron;

namespace ServerlessMinSheng.Functions.Tests;

public class NCrontabScheduleTests
{
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
    [InlineData("0 0 12 * Dec Sun", "2026-11-21 00:00:00", "2026-12-06 12:00:00")]
    [InlineData("15,45 0 0 * * *", "2026-11-21 00:00:20", "2026-11-21 00:00:45")]
    [InlineData("59 59 23 31 12 *", "2026-12-31 23:59:59", "2027-12-31 23:59:59")]
    public void NextOccurrenceIsTheFirstMatchingSecondAfterTheGivenTime(string expression, string after, string expected)
    {
        var next = NCrontabSchedule.Parse(expression).GetNextOccurrence(Parse(after));

        Assert.Equal(Parse(expected), next);
    }

    [Fact]
    public void ScheduleIsReadAsWallClockTimeInTheGivenZone()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var nightly = NCrontabSchedule.Parse("0 0 2 * * *");

        var next = nightly.GetNextOccurrence(new DateTimeOffset(2026, 11, 21, 17, 0, 0, TimeSpan.Zero), shanghai);

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.Zero), next.ToUniversalTime());
    }

    [Fact]
    public void AWallClockTimeSkippedByDaylightSavingIsSkipped()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var at0230 = NCrontabSchedule.Parse("0 30 2 * * *");

        // 2026-03-08 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
        var next = at0230.GetNextOccurrence(new DateTimeOffset(2026, 3, 8, 6, 0, 0, TimeSpan.Zero), newYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 2, 30, 0, TimeSpan.FromHours(-4)), next);
    }

    [Theory]
    [InlineData("* * * * *", "needs 6")]
    [InlineData("0 * * * * * *", "needs 6")]
    [InlineData("60 * * * * *", "not a valid second")]
    [InlineData("0 0 24 * * *", "not a valid hour")]
    [InlineData("0 0 0 0 * *", "not a valid day")]
    [InlineData("0 0 0 * 13 *", "not a valid month")]
    [InlineData("0 0 0 * * 7", "not a valid day-of-week")]
    [InlineData("*/0 * * * * *", "positive number")]
    [InlineData("0 5-1 * * * *", "backwards")]
    [InlineData("0 0 0 * Foo *", "not a valid month")]
    [InlineData("a * * * * *", "not a valid second")]
    public void InvalidExpressionsAreRejectedNamingTheField(string expression, string expected)
    {
        var error = Assert.Throws<FormatException>(() => NCrontabSchedule.Parse(expression));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AScheduleThatNeverOccursSaysSo()
    {
        var never = NCrontabSchedule.Parse("0 0 0 30 Feb *");

        Assert.Throws<InvalidOperationException>(() => never.GetNextOccurrence(Parse("2026-01-01 00:00:00")));
    }

    private static DateTime Parse(string s) => DateTime.ParseExact(s, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
