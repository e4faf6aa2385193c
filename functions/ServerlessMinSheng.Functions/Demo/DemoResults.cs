using Microsoft.AspNetCore.Http.HttpResults;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>The demo calls some endpoints' handlers directly (so their rules apply); anything but success stops the seeding.</summary>
public static class DemoResults
{
    public static void Check(IResult result)
    {
        if (result is not (Ok<Projects.ProjectView> or Created<Identity.UserView>))
        {
            throw new InvalidOperationException($"A demo step was refused: {Describe(result)}");
        }
    }

    public static string Describe(IResult result) => result switch
    {
        ProblemHttpResult problem => $"{problem.StatusCode} {problem.ProblemDetails.Title}",
        ValidationProblem validation => string.Join("; ", validation.ProblemDetails.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))),
        _ => result.ToString() ?? "?",
    };
}
