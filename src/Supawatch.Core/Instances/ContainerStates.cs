namespace Supawatch.Instances;

/// <summary>Maps the engine's state strings (Docker and podman spell some differently) to <see cref="ContainerState"/>.</summary>
public static class ContainerStates
{
    public static ContainerState Parse(string? state) => state?.ToLowerInvariant() switch
    {
        "created" or "configured" or "initialized" => ContainerState.Created,
        "running" => ContainerState.Running,
        "paused" => ContainerState.Paused,
        "restarting" => ContainerState.Restarting,
        "removing" => ContainerState.Removing,
        "exited" or "stopped" or "stopping" => ContainerState.Exited,
        "dead" => ContainerState.Dead,
        _ => ContainerState.Unknown,
    };

    /// <summary>Lower-case name used in metric labels and JSON.</summary>
    public static string ToLabel(this ContainerState state) => state switch
    {
        ContainerState.Created => "created",
        ContainerState.Running => "running",
        ContainerState.Paused => "paused",
        ContainerState.Restarting => "restarting",
        ContainerState.Removing => "removing",
        ContainerState.Exited => "exited",
        ContainerState.Dead => "dead",
        _ => "unknown",
    };
}
