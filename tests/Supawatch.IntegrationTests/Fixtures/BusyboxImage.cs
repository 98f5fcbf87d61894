using System.Formats.Tar;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// Builds <c>localhost/busybox:latest</c> from the host's static busybox: images cannot be pulled here,
/// so the image is a tar of a root holding bin/busybox and its applet links, imported into podman or Docker.
/// </summary>
internal static class BusyboxImage
{
    public const string Reference = "localhost/busybox:latest";

    private static readonly string[] Applets =
        ["sh", "httpd", "nc", "sleep", "cat", "echo", "ls", "wget", "true", "false", "kill", "env", "mkdir", "touch", "head", "tr", "dd"];

    /// <summary>Imports the image into a podman fixture's storage.</summary>
    public static async Task BuildAsync(PodmanCli cli, string busyboxPath, string workDirectory)
    {
        var tarPath = await BuildTarAsync(busyboxPath, workDirectory, hostBinaryRoot: false);
        await cli.RunAsync("import", tarPath, Reference);
        File.Delete(tarPath);
    }

    /// <summary>
    /// Writes the image's root as a tar in <paramref name="workDirectory"/> and returns its path. With
    /// <paramref name="hostBinaryRoot"/> the root also holds empty <c>usr</c> and <c>etc</c> mount points and the
    /// merged-/usr links <c>lib → usr/lib</c>, <c>lib64 → usr/lib64</c>, so a container that bind-mounts the host's
    /// /usr and /etc read-only can run the host's dynamically linked programs (a real PostgreSQL under Docker Engine,
    /// which has no podman-style <c>--rootfs /:O</c>).
    /// </summary>
    public static async Task<string> BuildTarAsync(string busyboxPath, string workDirectory, bool hostBinaryRoot)
    {
        var rootfs = Path.Combine(workDirectory, "busybox-rootfs");
        var bin = Directory.CreateDirectory(Path.Combine(rootfs, "bin")).FullName;
        File.Copy(busyboxPath, Path.Combine(bin, "busybox"));
        foreach (var applet in Applets)
        {
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }

        var tmp = Directory.CreateDirectory(Path.Combine(rootfs, "tmp")).FullName;
        if (hostBinaryRoot && !OperatingSystem.IsWindows()) // the analyzer needs the guard; these tests run on Linux only
        {
            File.SetUnixFileMode(tmp, (UnixFileMode)0b1_111_111_111); // 1777: initdb runs as postgres and writes here
            Directory.CreateDirectory(Path.Combine(rootfs, "usr"));
            Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
            File.CreateSymbolicLink(Path.Combine(rootfs, "lib"), "usr/lib");
            File.CreateSymbolicLink(Path.Combine(rootfs, "lib64"), "usr/lib64");
        }

        var tarPath = Path.Combine(workDirectory, "busybox.tar");
        await TarFile.CreateFromDirectoryAsync(rootfs, tarPath, includeBaseDirectory: false);
        Directory.Delete(rootfs, recursive: true);
        return tarPath;
    }
}
