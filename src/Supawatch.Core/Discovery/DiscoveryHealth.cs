using System.Collections.Immutable;
using Supawatch.Docker;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>
/// The state of each discovery source, written by discovery and read into every snapshot: one <c>docker</c> and one
/// <c>docker_events</c> status per Docker host (<see cref="SourceStatus.Host"/>), and the master database.
/// </summary>
public sealed class DiscoveryHealth
{
    public const string Docker = "docker";
    public const string DockerEvents = "docker_events";
    public const string MasterDb = "master_db";

    private readonly Lock _lock = new();
    private readonly string[] _hosts;
    private readonly Dictionary<string, SourceStatus> _docker = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceStatus> _events = new(StringComparer.Ordinal);
    private SourceStatus _masterDb;

    /// <param name="hosts">The Docker hosts' names, in configured order; the single <c>default</c> host when null.</param>
    public DiscoveryHealth(bool masterDbEnabled, IReadOnlyList<string>? hosts = null)
    {
        _hosts = [.. hosts ?? [DockerHosts.DefaultName]];
        foreach (var host in _hosts)
        {
            _docker[host] = SourceStatus.Pending(Docker) with { Host = host };
            _events[host] = SourceStatus.Pending(DockerEvents) with { Host = host };
        }

        _masterDb = masterDbEnabled
            ? SourceStatus.Pending(MasterDb)
            : SourceStatus.Disabled(MasterDb, "MASTER_DB_URL is not set; instances carry only what Docker knows");
    }

    public ImmutableArray<SourceStatus> All
    {
        get
        {
            lock (_lock)
            {
                var all = ImmutableArray.CreateBuilder<SourceStatus>((_hosts.Length * 2) + 1);
                all.AddRange(_hosts.Select(h => _docker[h]));
                all.AddRange(_hosts.Select(h => _events[h]));
                all.Add(_masterDb);
                return all.MoveToImmutable();
            }
        }
    }

    /// <summary>The first host's Docker status (the only one with a single <c>DOCKER_HOST</c>).</summary>
    public SourceStatus DockerStatus => DockerStatusOf(_hosts[0]);

    public SourceStatus DockerStatusOf(string host)
    {
        lock (_lock)
        {
            return _docker[host];
        }
    }

    public SourceStatus EventsStatusOf(string host)
    {
        lock (_lock)
        {
            return _events[host];
        }
    }

    public SourceStatus MasterDbStatus
    {
        get
        {
            lock (_lock)
            {
                return _masterDb;
            }
        }
    }

    /// <summary>True once any Docker host has answered: from then on targets can be written.</summary>
    public bool DockerEverSucceeded
    {
        get
        {
            lock (_lock)
            {
                return _docker.Values.Any(s => s.LastSuccess is not null);
            }
        }
    }

    /// <summary>True once every Docker host has answered at least once.</summary>
    public bool EveryDockerHostSucceeded
    {
        get
        {
            lock (_lock)
            {
                return _docker.Values.All(s => s.LastSuccess is not null);
            }
        }
    }

    public void DockerSucceeded(string host, DateTimeOffset at) => Update(_docker, host, s => s.Succeeded(at));
    public void DockerFailed(string host, DateTimeOffset at, string error) => Update(_docker, host, s => s.Failed(at, error));
    public void EventsConnected(string host, DateTimeOffset at) => Update(_events, host, s => s.Succeeded(at));
    public void EventsFailed(string host, DateTimeOffset at, string error) => Update(_events, host, s => s.Failed(at, error));

    public void MasterDbSucceeded(DateTimeOffset at)
    {
        lock (_lock)
        {
            _masterDb = _masterDb.Succeeded(at);
        }
    }

    public void MasterDbFailed(DateTimeOffset at, string error)
    {
        lock (_lock)
        {
            _masterDb = _masterDb.Failed(at, error);
        }
    }

    private void Update(Dictionary<string, SourceStatus> statuses, string host, Func<SourceStatus, SourceStatus> change)
    {
        lock (_lock)
        {
            statuses[host] = change(statuses[host]);
        }
    }
}
