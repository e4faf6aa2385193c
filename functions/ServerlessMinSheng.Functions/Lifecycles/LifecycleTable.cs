using System.Text;

namespace ServerlessMinSheng.Functions.Lifecycles;

/// <summary>A state of a lifecycle, with the label people see.</summary>
public sealed record LifecycleState(string Name, string Label, bool IsFinal = false);

/// <summary>
/// One permitted step: in any of <see cref="From"/>, <see cref="Party"/> may take <see cref="Action"/>,
/// which leads to <see cref="To"/> (the same state for steps that only record something, such as an
/// escalation). <see cref="Party"/> names who may act; the lifecycle's service decides whether a given
/// person is that party for a given entity (role, scope, assignment).
/// </summary>
public sealed record LifecycleTransition(string Action, IReadOnlyList<string> From, string To, string Party, string Label);

/// <summary>
/// A lifecycle as data: states, and the transitions between them. Everything else — which buttons a
/// page shows, what the API refuses and why, the diagram in the docs — is read from this table.
/// </summary>
public sealed class LifecycleTable
{
    /// <summary>A transition's target meaning "the state the entity was in before" (resume after suspend).</summary>
    public const string Previous = "(previous)";

    /// <summary>A transition's target meaning "stay in the state it was taken from" (for steps listed under several states).</summary>
    public const string Same = "(same)";

    public LifecycleTable(string name, string title, IReadOnlyList<LifecycleState> states, IReadOnlyList<LifecycleTransition> transitions)
    {
        Name = name;
        Title = title;
        States = states;
        Transitions = transitions;
        var known = states.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var t in transitions)
        {
            if (t.From.Append(t.To).FirstOrDefault(s => !known.Contains(s) && s != Previous && s != Same) is { } unknown)
            {
                throw new ArgumentException($"Lifecycle {name}: transition {t.Action} names unknown state '{unknown}'.");
            }

            if (t.From.Any(f => states.First(s => s.Name == f).IsFinal))
            {
                throw new ArgumentException($"Lifecycle {name}: transition {t.Action} leaves a final state.");
            }
        }

        var pairs = transitions.SelectMany(t => t.From.Select(f => (f, t.Action))).ToList();
        if (pairs.Count != pairs.Distinct().Count())
        {
            throw new ArgumentException($"Lifecycle {name}: an action appears twice for the same state.");
        }
    }

    public string Name { get; }

    public string Title { get; }

    public IReadOnlyList<LifecycleState> States { get; }

    public IReadOnlyList<LifecycleTransition> Transitions { get; }

    public IEnumerable<string> Actions => Transitions.Select(t => t.Action).Distinct(StringComparer.Ordinal);

    public LifecycleState State(string name) =>
        States.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"Lifecycle {Name} has no state '{name}'.", nameof(name));

    /// <summary>The transition for <paramref name="action"/> out of <paramref name="state"/>, or null when the table has none.</summary>
    public LifecycleTransition? Find(string state, string action) =>
        Transitions.FirstOrDefault(t => t.Action == action && t.From.Contains(state, StringComparer.Ordinal));

    public IEnumerable<LifecycleTransition> From(string state) => Transitions.Where(t => t.From.Contains(state, StringComparer.Ordinal));

    /// <summary>Where <paramref name="transition"/> leads from <paramref name="from"/> (resolving <see cref="Same"/>; <see cref="Previous"/> is the caller's to resolve).</summary>
    public static string Target(LifecycleTransition transition, string from) => transition.To == Same ? from : transition.To;

    /// <summary>A Mermaid state diagram of the table, for the docs.</summary>
    public string ToMermaid()
    {
        var text = new StringBuilder();
        text.Append("# ").Append(Title).Append("\n\n");
        text.Append("Generated from the `").Append(Name).Append("` transition table (`UPDATE_DIAGRAMS=1 dotnet test --filter TheCommittedDiagramMatchesTheTable`); a test fails when this file is stale.\n\n");
        text.Append("```mermaid\nstateDiagram-v2\n");
        foreach (var state in States)
        {
            text.Append("    ").Append(state.Name).Append(" : ").Append(state.Label).Append('\n');
        }

        text.Append("    [*] --> ").Append(States[0].Name).Append('\n');
        foreach (var transition in Transitions)
        {
            foreach (var from in transition.From)
            {
                // "Back to the previous state": an edge to every state that leads here.
                var targets = transition.To == Previous
                    ? Transitions.Where(t => t.To == from).SelectMany(t => t.From).Distinct(StringComparer.Ordinal)
                    : [Target(transition, from)];
                foreach (var to in targets)
                {
                    text.Append("    ").Append(from).Append(" --> ").Append(to).Append(" : ").Append(transition.Action)
                        .Append(" (").Append(transition.Party).Append(")\n");
                }
            }
        }

        foreach (var final in States.Where(s => s.IsFinal))
        {
            text.Append("    ").Append(final.Name).Append(" --> [*]\n");
        }

        text.Append("```\n\n| action | from | to | who | label |\n|---|---|---|---|---|\n");
        foreach (var transition in Transitions)
        {
            text.Append("| `").Append(transition.Action).Append("` | ").Append(string.Join(", ", transition.From)).Append(" | ")
                .Append(transition.To).Append(" | ").Append(transition.Party).Append(" | ").Append(transition.Label).Append(" |\n");
        }

        return text.ToString();
    }
}

/// <summary>An action refused: the state does not permit it, or this person may not take it here.</summary>
public sealed class ActionRefusedException(int status, string code, string message, string state, IReadOnlyList<string> allowed) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string State { get; } = state;

    public IReadOnlyList<string> Allowed { get; } = allowed;
}
