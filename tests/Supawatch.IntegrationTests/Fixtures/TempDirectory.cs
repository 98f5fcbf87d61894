namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>Per-fixture temp directories, removed even when a server left mounts inside (podman's overlay).</summary>
public static class TempDirectory
{
    /// <summary>
    /// Set by scripts/test.sh to a directory of its own: everything the fixtures create lives below it, so
    /// the script can find and stop what a crashed or killed test host left behind, and nothing else.
    /// </summary>
    public const string RunDirectoryVariable = "SUPAWATCH_TEST_RUN_DIR";

    /// <summary>
    /// Creates a new empty directory: <c>RUN_DIR/NAME-xxxxxxxx</c> under the run directory, or else
    /// <c>supawatch-NAME-xxxxxx</c> under the system temp directory. Kept short on purpose (podman's runroot
    /// below it must stay within 50 characters).
    /// </summary>
    public static string Create(string name)
    {
        var runDirectory = Environment.GetEnvironmentVariable(RunDirectoryVariable);
        if (string.IsNullOrEmpty(runDirectory))
        {
            return Directory.CreateTempSubdirectory($"supawatch-{name}-").FullName;
        }

        var path = Path.Combine(runDirectory, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        return Directory.CreateDirectory(path).FullName;
    }

    /// <summary>Unmounts anything mounted below <paramref name="path"/>, then deletes it.</summary>
    public static async Task DeleteAsync(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var mountPoint in MountsBelow(path))
        {
            var result = await ProcessRunner.TryRunAsync("umount", [mountPoint], TimeSpan.FromSeconds(20));
            if (result.ExitCode != 0)
            {
                // Busy: detach it now, the kernel frees it when the last user goes.
                await ProcessRunner.TryRunAsync("umount", ["-l", mountPoint], TimeSpan.FromSeconds(20));
            }
        }

        Directory.Delete(path, recursive: true);
    }

    /// <summary>Mount points at or below <paramref name="path"/>, deepest first.</summary>
    public static IReadOnlyList<string> MountsBelow(string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(mountPoint => mountPoint == root || mountPoint.StartsWith(root + "/", StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(mountPoint => mountPoint.Length)
            .ToList();
    }
}
