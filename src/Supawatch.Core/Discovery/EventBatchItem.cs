using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>What one batch of Docker events says about one container, and what inspecting it found (<see cref="DiscoveryEngine.ApplyAsync"/>).</summary>
internal sealed record EventBatchItem(DockerContainerSource Source, string ContainerId, string Action, bool Gone, int? ExitCode)
{
    public ContainerInfo? Inspected { get; set; }
    public Exception? Error { get; set; }
}
