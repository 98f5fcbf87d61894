namespace Supawatch.Bench.Exporter;

/// <summary>
/// One engine <c>stats-100</c> sweeps: its API socket, a CLI bound to the same storage, and a path that every one of
/// its processes names on its command line (dockerd, containerd and the shims; podman's service and conmons), so
/// their CPU can be summed from /proc.
/// </summary>
internal sealed record StatsEngine(string Name, string DockerHost, string Cli, string ProcessMarker);
