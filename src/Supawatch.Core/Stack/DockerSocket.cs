using Supawatch.Common;
using Supawatch.Docker;

namespace Supawatch.Stack;

/// <summary>
/// The host's Docker socket the compose stack's Supawatch watches: the one the recorded <c>DOCKER_HOST</c> names when it
/// is a <c>unix://</c> path, else <c>/var/run/docker.sock</c>. It is mounted read-only at <c>/var/run/docker.sock</c>,
/// and the image's non-root user reaches it through the socket's group (<c>group_add</c>).
/// </summary>
public static class DockerSocket
{
    public const string Default = "/var/run/docker.sock";

    /// <summary>The socket path of a recorded <c>unix://</c> <c>DOCKER_HOST</c>, read as discovery reads it (<see cref="DockerEndpoint"/>).</summary>
    public static string PathFrom(IReadOnlyDictionary<string, string>? variables) =>
        variables is not null && variables.TryGetValue("DOCKER_HOST", out var host)
            && DockerEndpoint.TryParse(host, out var endpoint, out _) && endpoint!.Scheme == "unix"
            ? endpoint.LocalPath
            : Default;

    /// <summary>The socket's group id (<c>stat -c %g</c>); 999 (Debian's usual docker group) when there is no socket to ask.</summary>
    public static async Task<string> GroupAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return "999";
        }

        try
        {
            var outcome = await BoundedProcess.RunAsync("stat", ["-c", "%g", path], TimeSpan.FromSeconds(5), cancellationToken);
            var gid = outcome.Output.Trim();
            return outcome.ExitCode == 0 && gid.Length > 0 && gid.All(char.IsAsciiDigit) ? gid : "999";
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "999";
        }
    }
}
