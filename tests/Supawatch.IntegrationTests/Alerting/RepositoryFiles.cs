using System.Runtime.CompilerServices;

namespace Supawatch.IntegrationTests.Alerting;

/// <summary>Paths in the repository the tests read (the promtool rule tests under alerts/tests/).</summary>
public static class RepositoryFiles
{
    public static string Root([CallerFilePath] string callerPath = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(callerPath)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Supawatch.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Supawatch.slnx not found above " + callerPath);
    }

    public static string RuleTestsDirectory => Path.Combine(Root(), "alerts", "tests");
}
