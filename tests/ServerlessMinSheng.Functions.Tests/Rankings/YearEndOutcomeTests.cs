using ServerlessMinSheng.Functions.Projects;

namespace ServerlessMinSheng.Functions.Tests.Rankings;

/// <summary>The year-end recommendation for a closed micro-project, from its residents' scores (defaults and custom thresholds).</summary>
public class YearEndOutcomeTests
{
    [Theory]
    [InlineData(4, 5.0, 1.0, 1.0, "review")]   // fewer than 5 scores: staff judge
    [InlineData(10, 4.5, 0.9, 0.9, "renew")]
    [InlineData(10, 4.0, 0.8, 0.8, "renew")]   // every threshold met exactly
    [InlineData(10, 3.9, 0.9, 0.9, "retire")]  // average below 4
    [InlineData(10, 4.5, 0.7, 0.9, "retire")]  // too few said it helped
    [InlineData(10, 4.2, 0.9, 0.7, "retire")]  // satisfaction between the lines: not renewed
    [InlineData(10, 4.9, 1.0, 0.5, "retire")]  // below the retire line, whatever else
    public void TheRecommendationFollowsTheDefaultThresholds(int count, double average, double helped, double satisfied, string expected) =>
        Assert.Equal(expected, ProjectService.Recommend(new ProjectOptions(), count, average, helped, satisfied));

    [Fact]
    public void TheThresholdsAreConfigurable()
    {
        var lenient = new ProjectOptions { MinScores = 2, RenewMinScore = 3.5, RenewMinHelpedShare = 0.5, RenewMinSatisfaction = 0.5, RetireBelowSatisfaction = 0.3 };

        Assert.Equal("renew", ProjectService.Recommend(lenient, 3, 3.6, 0.6, 0.6));
        Assert.Equal("review", ProjectService.Recommend(new ProjectOptions(), 3, 3.6, 0.6, 0.6)); // Too few scores by default.
        Assert.Equal("retire", ProjectService.Recommend(new ProjectOptions { MinScores = 3 }, 3, 3.6, 0.6, 0.6));
    }
}
