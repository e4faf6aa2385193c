using ServerlessMinSheng.Functions.Lifecycles;
using ServerlessMinSheng.Functions.Projects;

namespace ServerlessMinSheng.Functions.Tests.Handling;

public class ProjectLifecycleTableTests
{
    private static readonly string[] Active = ["proposed", "deliberating", "approved", "published", "claimed", "executing", "completed", "written_off", "evaluating"];

    private static readonly string[] States = [.. Active, "closed", "rejected", "cancelled", "suspended"];

    /// <summary>Every permitted (state, action) pair and where it leads ("=" stays, "previous" resumes); every other pair is refused.</summary>
    private static readonly Dictionary<(string State, string Action), (string To, string Party)> Expected = Build();

    private static Dictionary<(string, string), (string, string)> Build()
    {
        var expected = new Dictionary<(string, string), (string, string)>
        {
            [("proposed", "open_deliberation")] = ("deliberating", "staff"),
            [("deliberating", "approve")] = ("approved", "approver"),
            [("proposed", "reject")] = ("rejected", "approver"),
            [("deliberating", "reject")] = ("rejected", "approver"),
            [("approved", "publish")] = ("published", "approver"),
            [("approved", "assign_coordinator")] = ("approved", "approver"),
            [("published", "assign_coordinator")] = ("published", "approver"),
            [("claimed", "assign_coordinator")] = ("claimed", "approver"),
            [("executing", "assign_coordinator")] = ("executing", "approver"),
            [("published", "claim")] = ("published", "social_unit"),
            [("claimed", "claim")] = ("claimed", "social_unit"),
            [("published", "confirm_claim")] = ("claimed", "coordinator"),
            [("claimed", "confirm_claim")] = ("claimed", "coordinator"),
            [("published", "extend_claims")] = ("published", "coordinator"),
            [("published", "fund_by_government")] = ("claimed", "coordinator"),
            [("published", "escalate_claim")] = ("published", "system"),
            [("claimed", "start_execution")] = ("executing", "coordinator"),
            [("executing", "report")] = ("executing", "lead"),
            [("executing", "escalate_milestone")] = ("executing", "system"),
            [("executing", "escalate_report")] = ("executing", "system"),
            [("executing", "complete")] = ("completed", "lead"),
            [("completed", "write_off")] = ("written_off", "staff"),
            [("written_off", "open_evaluation")] = ("evaluating", "staff"),
            [("evaluating", "close")] = ("closed", "staff"),
            [("evaluating", "close_evaluation")] = ("closed", "system"),
            [("suspended", "resume")] = ("previous", "approver"),
            [("suspended", "cancel")] = ("cancelled", "coordinator"),
        };
        foreach (var state in Active)
        {
            expected[(state, "suspend")] = ("suspended", "approver");
            expected[(state, "cancel")] = ("cancelled", "coordinator");
        }

        return expected;
    }

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in States)
        {
            foreach (var action in ProjectLifecycle.Table.Actions)
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
        var transition = ProjectLifecycle.Table.Find(state, action);

        if (Expected.TryGetValue((state, action), out var expected))
        {
            Assert.NotNull(transition);
            var to = transition.To == LifecycleTable.Previous ? "previous" : LifecycleTable.Target(transition, state);
            Assert.Equal(expected.To, to);
            Assert.Equal(expected.Party, transition.Party);
        }
        else
        {
            Assert.Null(transition);
        }
    }

    [Fact]
    public void EveryTransitionInTheTableIsExpected()
    {
        Assert.Equal(States.Order(), ProjectLifecycle.Table.States.Select(s => s.Name).Order());
        var pairs = ProjectLifecycle.Table.Transitions.SelectMany(t => t.From.Select(f => (f, t.Action))).ToList();
        Assert.Equal(Expected.Keys.OrderBy(k => k.State).ThenBy(k => k.Action), pairs.OrderBy(p => p.f).ThenBy(p => p.Action));
    }

    [Fact]
    public void TheCommittedDiagramMatchesTheTable()
    {
        // Regenerate with: UPDATE_DIAGRAMS=1 dotnet test --filter TheCommittedDiagramMatchesTheTable
        var path = Path.Combine(RepositoryPaths.Root, "docs", "lifecycles", ProjectLifecycle.Name + ".md");
        var generated = ProjectLifecycle.Table.ToMermaid();
        if (Environment.GetEnvironmentVariable("UPDATE_DIAGRAMS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run UPDATE_DIAGRAMS=1 dotnet test --filter TheCommittedDiagramMatchesTheTable");
        Assert.True(File.ReadAllText(path) == generated, $"{path} is stale: the transition table changed. Run UPDATE_DIAGRAMS=1 dotnet test --filter TheCommittedDiagramMatchesTheTable and commit the file.");
    }
}
