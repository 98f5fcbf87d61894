using Supawatch.Docker;

namespace Supawatch.Discovery;

/// <summary>The Docker hosts Supawatch discovers from (<c>DOCKER_HOSTS</c>, or the single <c>DOCKER_HOST</c>), in configured order.</summary>
public sealed class DockerHostSet : IDockerReaders, IDisposable
{
    private readonly Dictionary<string, DockerHostConnection> _byName;

    public DockerHostSet(IEnumerable<DockerHostConnection> hosts)
    {
        All = [.. hosts];
        if (All.Count == 0)
        {
            throw new ArgumentException("at least one Docker host is needed", nameof(hosts));
        }

        _byName = All.ToDictionary(h => h.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<DockerHostConnection> All { get; }

    public IReadOnlyList<string> Names => [.. All.Select(h => h.Name)];

    public DockerHostConnection? Find(string name) => _byName.GetValueOrDefault(name);

    public DockerContainerReader? ReaderFor(string host) => Find(host)?.Reader;

    public void Dispose()
    {
        foreach (var host in All)
        {
            host.Dispose();
        }
    }
}
