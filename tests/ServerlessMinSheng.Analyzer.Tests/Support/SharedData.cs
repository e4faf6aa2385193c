namespace ServerlessMinSheng.Analyzer.Tests.Support;

/// <summary>
/// Finds the shared petition data: $SMS_SHARED_DATA, else shared/data/petitions in a parent of
/// the test's base directory (/work/shared/data/petitions from /work/main). CI runs a clean
/// clone that may not have it; tests that need it are skipped then, not failed.
/// </summary>
internal static class SharedData
{
    public static string? Directory { get; } = Locate();

    public static string File(string name) =>
        Path.Combine(Directory ?? throw new InvalidOperationException("Shared data is not available."), name);

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("SMS_SHARED_DATA");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "petitions");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs the shared petition data and is skipped, with the reason, without it.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Directory is null)
        {
            Skip = "Shared petition data not found: set SMS_SHARED_DATA or place shared/data/petitions above the repository.";
        }
    }
}
