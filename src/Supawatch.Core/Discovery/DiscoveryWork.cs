using Supawatch.Docker;

namespace Supawatch.Discovery;

/// <summary>A request to the discovery loop: reconcile everything, or look again at one container.</summary>
public abstract record DiscoveryWork
{
    private DiscoveryWork()
    {
    }

    /// <summary>A full pass over every source; <paramref name="Distrust"/> drops cached inspections first.</summary>
    /// <param name="Host">Whose cache <paramref name="Distrust"/> drops (the host whose event stream reconnected); null for every host.</param>
    public sealed record Reconcile(string Reason, bool Distrust, string? Host = null) : DiscoveryWork;

    /// <summary>A Docker event named this container; <paramref name="Gone"/> when it was destroyed.</summary>
    /// <param name="ExitCode">From a <c>die</c> event: the engine forgets it once a restart policy starts the container again.</param>
    /// <param name="Host">The Docker host whose event stream said so.</param>
    public sealed record ContainerChanged(string ContainerId, string Action, bool Gone, int? ExitCode = null, string Host = DockerHosts.DefaultName) : DiscoveryWork;
}
