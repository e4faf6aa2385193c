using ServerlessMinSheng.Analyzer.Clustering;

namespace ServerlessMinSheng.Analyzer.Tests.Clustering;

public class NearDuplicateTests
{
    private const string Complaint = "A2区丽发新城小区附近的搅拌站每天晚上施工到凌晨，噪音和粉尘严重影响居民休息，请相关部门尽快查处并关停。";

    [Fact]
    public void TheSameComplaintWithDifferentPunctuationAndGreetingIsANearDuplicate()
    {
        var index = new NearDuplicateIndex();
        index.Add("r1", Complaint);
        var found = index.Add("r2", "尊敬的领导您好！" + Complaint.Replace("，", " ", StringComparison.Ordinal));
        var duplicate = Assert.Single(found);
        Assert.Equal("r1", duplicate.Id);
        Assert.InRange(duplicate.Similarity, 0.6, 1.0);
    }

    [Fact]
    public void ADifferentComplaintIsNotANearDuplicate()
    {
        var index = new NearDuplicateIndex();
        index.Add("r1", Complaint);
        Assert.Empty(index.Add("r2", "学校门口的红绿灯坏了三天，早上上学的孩子过马路很危险，请交警部门尽快修复信号灯。"));
    }

    [Fact]
    public void IdenticalTextsHaveSimilarityOne() =>
        Assert.Equal(1.0, MinHash.Similarity(MinHash.Signature(Complaint), MinHash.Signature(Complaint)));

    [Fact]
    public void EmptyTextsAreNobodysDuplicate()
    {
        var index = new NearDuplicateIndex();
        index.Add("e1", "");
        Assert.Empty(index.Add("e2", "！！！"));
    }

    [Fact]
    public void TheIndexRestoredFromItsStateFindsTheSameDuplicates()
    {
        var index = new NearDuplicateIndex();
        index.Add("r1", Complaint);
        var restored = NearDuplicateIndex.FromState(index.ToState());
        Assert.Equal(index.Find(Complaint + "谢谢"), restored.Find(Complaint + "谢谢"));
    }
}
