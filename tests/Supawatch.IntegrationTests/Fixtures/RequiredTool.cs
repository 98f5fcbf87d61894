namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// Finds the host programs the fixtures run. A missing one fails the test with the package to install:
/// integration tests never skip, so CI (CI=true) cannot go green without the real component.
/// </summary>
public static class RequiredTool
{
    private static readonly string[] ExtraDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <summary>True when running under CI (CI=true).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the full path of <paramref name="name"/> on PATH (or an sbin directory).</summary>
    /// <exception cref="InvalidOperationException">The program is not installed.</exception>
    public static string Find(string name, string debianPackage)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var candidates = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(ExtraDirectories)
            .Select(directory => Path.Combine(directory, name));
        return candidates.FirstOrDefault(File.Exists) ?? throw Missing(name, debianPackage);
    }

    /// <summary>Returns <paramref name="path"/> if that file exists.</summary>
    /// <exception cref="InvalidOperationException">The file is not installed.</exception>
    public static string RequireFile(string path, string debianPackage) =>
        File.Exists(path) ? path : throw Missing(path, debianPackage);

    private static InvalidOperationException Missing(string what, string debianPackage)
    {
        var ci = IsCi ? " (CI=true: a missing component is a test failure, never a skip.)" : string.Empty;
        return new InvalidOperationException(
            $"Required test component '{what}' is not installed. Install Debian package '{debianPackage}': " +
            $"run 'bash scripts/install-test-deps.sh' as root.{ci}");
    }
}
