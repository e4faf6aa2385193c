using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Functions.Tests.Handling;

public class RequestLifecycleTableTests
{
    /// <summary>Every permitted (state, action) pair and where it leads; every pair not listed must be refused.</summary>
    private static readonly Dictionary<(string State, string Action), (string To, string Party)> Expected = new()
    {
        [("triaged", "dispatch")] = ("dispatched", "dispatcher"),
        [("triaged", "close_duplicate")] = ("duplicate", "dispatcher"),
        [("dispatched", "sign")] = ("signed", "assignee"),
        [("dispatched", "return")] = ("triaged", "assignee"),
        [("dispatched", "escalate_sign")] = ("dispatched", "system"),
        [("signed", "return")] = ("triaged", "assignee"),
        [("signed", "reply")] = ("replied", "assignee"),
        [("signed", "escalate_reply")] = ("signed", "system"),
        [("replied", "rate")] = ("closed", "resident"),
        [("replied", "close_unrated")] = ("closed", "system"),
        [("triaged", "merge")] = ("merged", "system"),
        [("dispatched", "merge")] = ("merged", "system"),
        [("signed", "merge")] = ("merged", "system"),
    };

    private static readonly string[] States = ["triaged", "dispatched", "signed", "replied", "closed", "duplicate", "merged"];

    private static readonly string[] Actions = ["dispatch", "close_duplicate", "sign", "return", "reply", "rate", "escalate_sign", "escalate_reply", "close_unrated", "merge"];

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in States)
        {
            foreach (var action in Actions)
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EachStateAndActionPairIsPermittedOnlyAsListed(string state, string action)
    {
        var transition = RequestLifecycle.Table.Find(state, action);

        if (Expected.TryGetValue((state, action), out var expected))
        {
            Assert.NotNull(transition);
            Assert.Equal(expected.To, transition.To);
            Assert.Equal(expected.Party, transition.Party);
        }
        else
        {
            Assert.Null(transition);
        }
    }

    [Fact]
    public void TheTableHasExactlyTheStatesAndActionsTheTestsCover()
    {
        Assert.Equal(States.Order(), RequestLifecycle.Table.States.Select(s => s.Name).Order());
        Assert.Equal(Actions.Order(), RequestLifecycle.Table.Actions.Order());
        Assert.All(RequestLifecycle.Table.States.Where(s => s.IsFinal), s => Assert.Empty(RequestLifecycle.Table.From(s.Name)));
    }

    [Fact]
    public void ATableThatLeavesAFinalStateOrNamesAnUnknownStateIsRefused()
    {
        LifecycleState[] states = [new("a", "A"), new("b", "B", IsFinal: true)];

        Assert.Throws<ArgumentException>(() => new LifecycleTable("t", "t", states, [new("go", ["b"], "a", "x", "go")]));
        Assert.Throws<ArgumentException>(() => new LifecycleTable("t", "t", states, [new("go", ["a"], "c", "x", "go")]));
        Assert.Throws<ArgumentException>(() => new LifecycleTable("t", "t", states, [new("go", ["a"], "b", "x", "go"), new("go", ["a"], "a", "x", "again")]));
    }

    [Fact]
    public void TheCommittedDiagramMatchesTheTable()
    {
        // Regenerate with: UPDATE_DIAGRAMS=1 dotnet test --filter TheCommittedDiagramMatchesTheTable
        var path = Path.Combine(RepositoryPaths.Root, "docs", "lifecycles", RequestLifecycle.Name + ".md");
        var generated = RequestLifecycle.Table.ToMermaid();
        if (Environment.GetEnvironmentVariable("UPDATE_DIAGRAMS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run UPDATE_DIAGRAMS=1 dotnet test --filter TheCommittedDiagramMatchesTheTable");
        Assert.True(File.ReadAllText(path) == generated, $"{path} is stale: the transition table changed. Run UPDATE_DIAGRAMS=1 dotnet test --filter TheCommittedDiagramMatchesTheTable and commit the file.");
    }
}
