using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>The state of each discovery source, written by discovery and read into every snapshot.</summary>
public sealed class DiscoveryHealth
{
    public const string Docker = "docker";
    public const string DockerEvents = "docker_events";
    public const string MasterDb = "master_db";

    private readonly Lock _lock = new();
    private SourceStatus _docker = SourceStatus.Pending(Docker);
    private SourceStatus _events = SourceStatus.Pending(DockerEvents);
    private SourceStatus _masterDb;

    public DiscoveryHealth(bool masterDbEnabled)
    {
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
                return [_docker, _events, _masterDb];
            }
        }
    }

    public SourceStatus DockerStatus
    {
        get
        {
            lock (_lock)
            {
                return _docker;
            }
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

    public bool DockerEverSucceeded => DockerStatus.LastSuccess is not null;

    public void DockerSucceeded(DateTimeOffset at) => Update(ref _docker, s => s.Succeeded(at));
    public void DockerFailed(DateTimeOffset at, string error) => Update(ref _docker, s => s.Failed(at, error));
    public void EventsConnected(DateTimeOffset at) => Update(ref _events, s => s.Succeeded(at));
    public void EventsFailed(DateTimeOffset at, string error) => Update(ref _events, s => s.Failed(at, error));
    public void MasterDbSucceeded(DateTimeOffset at) => Update(ref _masterDb, s => s.Succeeded(at));
    public void MasterDbFailed(DateTimeOffset at, string error) => Update(ref _masterDb, s => s.Failed(at, error));

    private void Update(ref SourceStatus status, Func<SourceStatus, SourceStatus> change)
    {
        lock (_lock)
        {
            status = change(status);
        }
    }
}
