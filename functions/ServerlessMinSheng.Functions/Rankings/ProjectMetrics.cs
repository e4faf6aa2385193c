using ServerlessMinSheng.Functions.Projects;

namespace ServerlessMinSheng.Functions.Rankings;

/// <summary>
/// What a micro-project counts, for itself and for each social unit whose claim was confirmed:
/// each milestone when it is done (on time or not, on the day it was done), the project's end (completed,
/// or cancelled after publication) on the day it ended, and the residents' scores on the day it closed.
/// Derived from the project's current rows, so it can run after every step: facts already counted are
/// skipped by their marks.
/// </summary>
public static class ProjectMetrics
{
    private static readonly string[] WithMilestones = ["executing", "completed", "written_off", "evaluating", "closed", "suspended", "cancelled"];

    public static async Task<IReadOnlyList<MetricFact>> FactsForAsync(
        MicroProject project,
        IReadOnlyList<ProjectRow> claims,
        Func<string, string, CancellationToken, Task<IReadOnlyList<ProjectRow>>> rows,
        TimeZoneInfo zone,
        CancellationToken cancellationToken)
    {
        if (!WithMilestones.Contains(project.State))
        {
            return [];
        }

        List<MetricSubject> subjects = [new("project", project.Id, project.Title, project.TownId)];
        subjects.AddRange(claims.Where(c => c.Status == "confirmed" && c.UnitId is not null).Select(c => new MetricSubject("social", c.UnitId!, c.UnitName ?? c.UnitId!)));
        var facts = new List<MetricFact>();
        void Add(string id, DateTimeOffset at, MetricCounts counts) =>
            facts.AddRange(subjects.Select(s => new MetricFact(id, s, RequestMetrics.LocalDay(at, zone), counts)));

        foreach (var milestone in await rows(project.Id, ProjectRow.MilestonePrefix, cancellationToken))
        {
            if (milestone.DoneAt is { } done)
            {
                Add($"milestone|{project.Id}|{milestone.RowKey}", done, new MetricCounts { Milestones = 1, MilestonesOnTime = milestone.DueAt is not { } due || done <= due ? 1 : 0 });
            }
        }

        if (project.CompletedAt is { } completed)
        {
            Add($"end|{project.Id}", completed, new MetricCounts { ProjectsEnded = 1, ProjectsCompleted = 1 });
        }
        else if (project.State == "cancelled" && project.PublishedAt is not null)
        {
            Add($"end|{project.Id}", project.StateEnteredAt, new MetricCounts { ProjectsEnded = 1 });
        }

        if (project.State == "closed" && project.ClosedAt is { } closed)
        {
            var scores = (await rows(project.Id, ProjectRow.ScorePrefix, cancellationToken)).Where(s => s.Score is >= 1 and <= 5).ToList();
            if (scores.Count > 0)
            {
                Add($"scores|{project.Id}", closed, new MetricCounts
                {
                    ScoreSum = scores.Sum(s => s.Score!.Value),
                    Scores = scores.Count,
                    ScoresSatisfied = scores.Count(s => s.Score >= 4),
                    Helped = scores.Count(s => s.Helped == true),
                });
            }
        }

        return facts;
    }
}
