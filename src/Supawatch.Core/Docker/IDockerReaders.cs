namespace Supawatch.Docker;

/// <summary>
/// The lean reader of each configured Docker host, by the host's name. Discovery opens the connections; a concept that
/// reads containers too (stats, tenant database logins) is handed this interface rather than reaching into discovery's
/// connection set.
/// </summary>
public interface IDockerReaders
{
    /// <summary>The reader of the host named <paramref name="host"/>; null when no such host is configured.</summary>
    DockerContainerReader? ReaderFor(string host);
}
