using System.Text.Json;
using ServerlessMinSheng.Analyzer.Clustering;

namespace ServerlessMinSheng.Analyzer.Tests.Clustering;

public class ClusterIndexTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Mixer =
    [
        "丽发新城附近的搅拌站噪音太大，晚上无法休息",
        "强烈要求关停丽发新城旁边的搅拌站，粉尘污染严重",
        "丽发新城小区被搅拌站的噪音和粉尘折磨了半年",
        "搅拌站夜间施工，丽发新城居民投诉无门",
    ];

    private static readonly string[] Parking =
    [
        "伊景园滨河苑开发商捆绑销售车位，不买车位不给交房",
        "伊景园滨河苑强制业主购买车位，请查处捆绑销售",
        "投诉伊景园滨河苑车位捆绑销售侵害业主权益",
    ];

    private static ClusterIndex Build()
    {
        var index = new ClusterIndex();
        var n = 0;
        foreach (var text in Mixer.Zip(Parking.Append("").Take(Mixer.Length)).SelectMany(p => new[] { p.First, p.Second }).Where(t => t.Length > 0))
        {
            index.Add(new ClusterDocument($"r{++n}", text, Start.AddDays(n), Likes: n));
        }

        return index;
    }

    [Fact]
    public void RequestsAboutTheSameIssueJoinOneClusterAndOtherIssuesGetTheirOwn()
    {
        var index = Build();
        var mixer = index.ClusterOf("r1");
        var parking = index.ClusterOf("r2");
        Assert.NotEqual(mixer, parking);
        Assert.Equal([mixer, mixer, mixer, mixer], new[] { "r1", "r3", "r5", "r7" }.Select(index.ClusterOf));
        Assert.Equal([parking, parking, parking], new[] { "r2", "r4", "r6" }.Select(index.ClusterOf));
    }

    [Fact]
    public void ANewRequestJoinsAnExistingClusterWithoutChangingEarlierAssignments()
    {
        var index = Build();
        var before = Enumerable.Range(1, 7).Select(i => index.ClusterOf($"r{i}")).ToList();
        var assignment = index.Add(new ClusterDocument("new", "丽发新城的搅拌站又开工了，噪音扰民", Start.AddDays(30)));
        Assert.False(assignment.IsNewCluster);
        Assert.Equal(index.ClusterOf("r1"), assignment.ClusterId);
        Assert.Equal(5, assignment.ClusterSize);
        Assert.Equal(before, Enumerable.Range(1, 7).Select(i => index.ClusterOf($"r{i}")));
    }

    [Fact]
    public void AddingTheSameRequestTwiceChangesNothing()
    {
        var index = Build();
        var again = index.Add(new ClusterDocument("r1", Mixer[0], Start));
        Assert.Equal(4, again.ClusterSize);
        Assert.Equal(2, index.ClusterCount);
    }

    [Fact]
    public void AResentComplaintIsLinkedToItsOriginalAsANearDuplicate()
    {
        var index = Build();
        var assignment = index.Add(new ClusterDocument("resent", "您好，" + Parking[0] + "。", Start.AddDays(40)));
        Assert.Equal("r2", assignment.NearDuplicates[0].Id);
        Assert.Equal(index.ClusterOf("r2"), assignment.ClusterId);
    }

    [Fact]
    public void ClustersAreLabelledByTheirSharedPhrases()
    {
        var top = Build().Top(2, Start.AddDays(10));
        Assert.Contains(top, c => c.Label.Any(l => l.Contains("搅拌站", StringComparison.Ordinal)));
        Assert.Contains(top, c => c.Label.Any(l => l.Contains("滨河苑", StringComparison.Ordinal)));
    }

    [Fact]
    public void HeatGrowsWithSizeAndLikesAndFadesWithAge()
    {
        var index = new ClusterIndex();
        index.Add(new ClusterDocument("a", "社区卫生站只有一个医生看病排队太久", Start));
        index.Add(new ClusterDocument("b", "小区路灯坏了晚上太黑", Start, Likes: 100));
        var now = index.Top(2, Start);
        Assert.Equal(index.ClusterOf("b"), now[0].Id);
        Assert.True(now[0].Heat > now[1].Heat);
        var later = index.Get(now[0].Id, Start.AddDays(90))!;
        Assert.Equal(now[0].Heat / 2, later.Heat, 6);
    }

    [Fact]
    public void StateSurvivesJsonAndTheRestoredIndexAssignsLikeTheOriginal()
    {
        var index = Build();
        var json = JsonSerializer.Serialize(index.ToState());
        var restored = ClusterIndex.FromState(JsonSerializer.Deserialize<ClusterIndexState>(json)!);
        var probe = new ClusterDocument("probe", "伊景园滨河苑捆绑销售车位的问题还没解决", Start.AddDays(50));
        Assert.Equal(index.Add(probe), restored.Add(probe), new AssignmentComparer());
        Assert.Equal(index.Top(5, Start.AddDays(60)), restored.Top(5, Start.AddDays(60)), new SummaryComparer());
    }

    [Fact]
    public void ConcurrentAddsLoseNoRequest()
    {
        var index = new ClusterIndex();
        Parallel.For(0, 400, i => index.Add(new ClusterDocument($"p{i}", $"{Mixer[i % Mixer.Length]}第{i}次", Start.AddMinutes(i))));
        Assert.All(Enumerable.Range(0, 400), i => Assert.NotNull(index.ClusterOf($"p{i}")));
        Assert.Equal(400, index.Top(int.MaxValue, Start).Sum(c => c.Size));
    }

    private sealed class AssignmentComparer : IEqualityComparer<ClusterAssignment>
    {
        public bool Equals(ClusterAssignment? x, ClusterAssignment? y) =>
            x!.ClusterId == y!.ClusterId && x.ClusterSize == y.ClusterSize && x.NearDuplicates.SequenceEqual(y.NearDuplicates);

        public int GetHashCode(ClusterAssignment obj) => obj.ClusterId.GetHashCode(StringComparison.Ordinal);
    }

    private sealed class SummaryComparer : IEqualityComparer<ClusterSummary>
    {
        public bool Equals(ClusterSummary? x, ClusterSummary? y) =>
            x!.Id == y!.Id && x.Size == y.Size && x.Likes == y.Likes && Math.Abs(x.Heat - y.Heat) < 1e-9 && x.Label.SequenceEqual(y.Label);

        public int GetHashCode(ClusterSummary obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
