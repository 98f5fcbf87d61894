namespace Supawatch.Discovery;

/// <summary>A request to the discovery loop: reconcile everything, or look again at one container.</summary>
public abstract record DiscoveryWork
{
    private DiscoveryWork()
    {
    }

    /// <summary>A full pass over both sources; <paramref name="Distrust"/> drops cached inspections first.</summary>
    public sealed record Reconcile(string Reason, bool Distrust) : DiscoveryWork;

    /// <summary>A Docker event named this container; <paramref name="Gone"/> when it was destroyed.</summary>
    /// <param name="ExitCode">From a <c>die</c> event: the engine forgets it once a restart policy starts the container again.</param>
    public sealed record ContainerChanged(string ContainerId, string Action, bool Gone, int? ExitCode = null) : DiscoveryWork;
}
