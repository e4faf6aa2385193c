using ServerlessMinSheng.Functions.Projects;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>The next deadline a project's timers will act on, so a script that moves past it first lets the sweep fire it.</summary>
public static class DemoDeadlines
{
    public static async Task<DateTimeOffset?> NextAsync(ProjectService projects, string id, CancellationToken cancellationToken)
    {
        var project = (await projects.FindAsync(id, cancellationToken))!;
        var due = new List<DateTimeOffset>();
        switch (project.State)
        {
            case "published" when project.ClaimDeadline is { } claims && project.ClaimEscalatedFor != claims:
                due.Add(claims);
                break;
            case "executing":
                if (project.ReportDueAt is { } report && project.ReportEscalatedFor != report)
                {
                    due.Add(report);
                }

                var milestones = await projects.RowsAsync(id, ProjectRow.MilestonePrefix, cancellationToken);
                due.AddRange(milestones.Where(m => m.DoneAt is null && !m.Escalated && m.DueAt is not null).Select(m => m.DueAt!.Value));
                break;
            case "evaluating" when project.EvaluationEndsAt is { } evaluation:
                due.Add(evaluation);
                break;
        }

        return due.Count == 0 ? null : due.Min();
    }
}
