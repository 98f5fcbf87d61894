namespace Supawatch.Docker;

/// <summary>
/// Which container events change what Supawatch knows. Docker and podman name some differently
/// (podman: <c>remove</c> for Docker's <c>destroy</c>, <c>died</c> internally); both are listed.
/// </summary>
public static class DockerEventNames
{
    private static readonly HashSet<string> Gone = new(StringComparer.OrdinalIgnoreCase) { "destroy", "remove" };

    // Exec, attach and copy events fire often and never change state, ports, name or restart count.
    private static readonly string[] IgnoredPrefixes =
        ["exec_", "attach", "detach", "top", "resize", "export", "copy", "archive-path", "extract-to-dir", "commit", "mount", "unmount", "checkpoint", "cleanup", "sync", "prune"];

    public static bool MeansGone(string action) => Gone.Contains(action);

    /// <summary>True when the event may change the inventory (create, start, die, rename, health_status: …).</summary>
    public static bool Matters(string? action) =>
        !string.IsNullOrEmpty(action)
        && !IgnoredPrefixes.Any(prefix => action.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
