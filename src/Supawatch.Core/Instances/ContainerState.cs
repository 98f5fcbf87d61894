namespace Supawatch.Instances;

/// <summary>A container's lifecycle state as the Docker Engine API reports it.</summary>
public enum ContainerState
{
    Unknown,
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
}
