namespace ServerlessMinSheng.Analyzer.Tests.Support;

/// <summary>A clock that always reads the same instant, so two trainings write identical model files.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static FixedTime Epoch2020 { get; } = new(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}
