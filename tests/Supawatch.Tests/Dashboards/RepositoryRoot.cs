namespace Supawatch.Tests.Dashboards;

/// <summary>The repository checkout the tests run from: the first folder above the test binaries that holds Supawatch.slnx.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The repository's root folder.</summary>
    public static string Path => Root.Value;

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Supawatch.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Supawatch.slnx not found above " + AppContext.BaseDirectory);
    }
}
