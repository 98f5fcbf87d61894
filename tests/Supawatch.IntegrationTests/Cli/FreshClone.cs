using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;

namespace Supawatch.IntegrationTests.Cli;

/// <summary>
/// A fresh <c>git clone</c> of this checkout's HEAD (commit what you want tested), built once as a new user builds
/// it, plus a <c>bin/</c> folder holding only a <c>supawatch</c> link to that build: the "installed binary" to put on
/// PATH. Commands run through <c>bash -c</c> exactly as typed, in a folder of the test's choosing.
/// </summary>
public sealed class FreshClone : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    private string? _root;

    public string Root => _root ?? throw new InvalidOperationException("FreshClone is not initialized.");

    /// <summary>The clone's working tree.</summary>
    public string Repo => Path.Combine(Root, "repo");

    /// <summary>A folder holding only <c>supawatch</c> (a link to the clone's build), for PATH.</summary>
    public string BinDirectory => Path.Combine(Root, "bin");

    /// <summary>The clone's built executable (the framework-dependent app host).</summary>
    public string Binary => Path.Combine(Repo, "src", "Supawatch", "bin", "Debug", "net10.0", "supawatch");

    /// <summary>A PATH with dotnet and the system's programs, and no <c>supawatch</c>.</summary>
    public static string PathWithoutSupawatch =>
        string.Join(':', new[] { Path.GetDirectoryName(RequiredTool.Find("dotnet", "dotnet-sdk"))!, "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Distinct());

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        RequiredTool.Find("git", "git");
        _root = TempDirectory.Create("clone");
        await ProcessRunner.RunAsync("git", ["clone", "--quiet", "--no-hardlinks", StatusApi.RepositoryRoot(), Repo], TimeSpan.FromMinutes(2));
        await ProcessRunner.RunAsync("dotnet", ["build", Path.Combine(Repo, "src", "Supawatch"), "-nologo", "-v", "q", "-clp:ErrorsOnly"], BuildTimeout);
        Directory.CreateDirectory(BinDirectory);
        File.CreateSymbolicLink(Path.Combine(BinDirectory, "supawatch"), Binary);
    }

    /// <summary>A new empty folder outside the clone: "another working directory".</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, $"{name}-{Guid.NewGuid().ToString("N")[..6]}")).FullName;

    /// <summary>
    /// Runs <paramref name="commandLine"/> as typed, in <paramref name="workingDirectory"/>, with PATH
    /// <see cref="PathWithoutSupawatch"/> (plus <see cref="BinDirectory"/> first when <paramref name="installed"/>),
    /// no SUPAWATCH_BIN, and <paramref name="environment"/> on top.
    /// </summary>
    public Task<ProcessResult> ShellAsync(string workingDirectory, string commandLine, IReadOnlyDictionary<string, string> environment, bool installed = false, TimeSpan? timeout = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = installed ? $"{BinDirectory}:{PathWithoutSupawatch}" : PathWithoutSupawatch,
            ["SUPAWATCH_BIN"] = "",
            ["SUPAWATCH_DATA_DIR"] = "",
            ["SUPAWATCH_STACK_DIR"] = "",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        return ProcessRunner.TryRunAsync("/bin/bash", ["-c", $"cd \"$0\" && {commandLine}", workingDirectory], timeout ?? TimeSpan.FromMinutes(3), variables);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_root is not null)
        {
            await TempDirectory.DeleteAsync(_root);
        }
    }
}
