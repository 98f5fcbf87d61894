using System.Formats.Tar;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// Builds <c>localhost/busybox:latest</c> from the host's static busybox: images cannot be pulled here,
/// so the image is a tar of a root holding bin/busybox and its applet links, imported into podman.
/// </summary>
internal static class BusyboxImage
{
    public const string Reference = "localhost/busybox:latest";

    private static readonly string[] Applets =
        ["sh", "httpd", "nc", "sleep", "cat", "echo", "ls", "wget", "true", "false", "kill", "env", "mkdir", "touch"];

    public static async Task BuildAsync(PodmanCli cli, string busyboxPath, string workDirectory)
    {
        var rootfs = Path.Combine(workDirectory, "busybox-rootfs");
        var bin = Directory.CreateDirectory(Path.Combine(rootfs, "bin")).FullName;
        File.Copy(busyboxPath, Path.Combine(bin, "busybox"));
        foreach (var applet in Applets)
        {
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }

        Directory.CreateDirectory(Path.Combine(rootfs, "tmp"));
        var tarPath = Path.Combine(workDirectory, "busybox.tar");
        await TarFile.CreateFromDirectoryAsync(rootfs, tarPath, includeBaseDirectory: false);
        await cli.RunAsync("import", tarPath, Reference);
        File.Delete(tarPath);
        Directory.Delete(rootfs, recursive: true);
    }
}
