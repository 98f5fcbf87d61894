namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>Per-fixture temp directories, removed even when a server left mounts inside (podman's overlay).</summary>
public static class TempDirectory
{
    /// <summary>Creates a new empty directory under the system temp directory.</summary>
    public static string Create(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

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
