using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>Reads the container's state and Docker health from the inventory: no I/O, so it cannot hang.</summary>
public static class ContainerProbe
{
    public static ProbeResult Probe(ContainerInfo container, int? previousRestartCount)
    {
        if (container.State != ContainerState.Running)
        {
            var reason = container.State == ContainerState.Exited && container.ExitCode is { } code
                ? $"container exited (code {code})"
                : "container " + container.State.ToLabel();
            return ProbeResult.Down(TimeSpan.Zero, container.OomKilled ? reason + ", out of memory" : reason);
        }

        if (string.Equals(container.Health, "unhealthy", StringComparison.OrdinalIgnoreCase))
        {
            return new ProbeResult(HealthStatus.Degraded, TimeSpan.Zero, "Docker health: unhealthy");
        }

        if (previousRestartCount is { } before && container.RestartCount > before)
        {
            return new ProbeResult(HealthStatus.Degraded, TimeSpan.Zero, $"restarted {container.RestartCount - before} time(s) since the last round");
        }

        return ProbeResult.Up(TimeSpan.Zero, container.Health is "healthy" or "starting" ? "running, Docker health: " + container.Health : "running");
    }
}
