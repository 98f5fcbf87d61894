using Prometheus;
using Supawatch.Instances;

namespace Supawatch.Metrics;

/// <summary>
/// Every tenant series Supawatch exports, in one place (docs/metrics.md lists them). Values are set from the
/// inventory, the stats sweep and the tenant databases before each render — never during a scrape.
/// The seed's <c>supabase_instances_total</c> and <c>supabase_docker_containers_total</c> are counts that go
/// down, so they stay gauges under the seed's names.
/// </summary>
public sealed class SupabaseMetrics
{
    private const string I = "instance_id";
    private const string C = "container_name";
    private const string Component = "component";
    private const string H = "host";

    private readonly Gauge _instancesTotal;
    private readonly TrackedGauge _instancesByOrg;
    private readonly TrackedGauge _instanceStatus;
    private readonly TrackedGauge _instanceInfo;
    private readonly TrackedGauge _instanceHostUp;
    private readonly TrackedGauge _instanceUptime;
    private readonly TrackedGauge _instanceStartTime;
    private readonly TrackedGauge _instanceCpu;
    private readonly TrackedGauge _instanceMemory;
    private readonly Gauge _containersTotal;
    private readonly TrackedGauge _containerStatus;
    private readonly TrackedCounter _containerRestarts;
    private readonly TrackedGauge _containerExitCode;
    private readonly TrackedGauge _containerOomKilled;
    private readonly TrackedGauge _containerHealthy;
    private readonly TrackedGauge _containerCpu;
    private readonly TrackedGauge _containerCpuSeconds;
    private readonly TrackedGauge _containerMemory;
    private readonly TrackedGauge _containerMemoryLimit;
    private readonly TrackedGauge _dbConnections;
    private readonly TrackedGauge _dbConnectionsByState;
    private readonly TrackedGauge _dbMaxConnections;
    private readonly Gauge _drift;

    public SupabaseMetrics(CollectorRegistry registry)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        _instancesTotal = f.CreateGauge("supabase_instances_total", "Tenant instances known (Docker and master DB).");
        _instancesByOrg = new(f.CreateGauge("supabase_instances_by_org", "Tenant instances per organization.", "org_id", "org_name"));
        _instanceStatus = new(f.CreateGauge("supabase_instance_status", "1 when every container of the instance runs, else 0.", I, "project_name", H));
        _instanceInfo = new(f.CreateGauge("supabase_instance_info", "Always 1; carries the instance's organization, project and expected state for joins.", I, "org_id", "org_name", "project_name", "expected_state", H));
        _instanceHostUp = new(f.CreateGauge("supabase_instance_host_up", "1 when the instance's Docker host answered discovery last time; 0 when its data is the last good read of a host that is down.", I, H));
        _instanceUptime = new(f.CreateGauge("supabase_instance_uptime_seconds", "Seconds since every container of the instance was last started; absent when not running.", I, H));
        _instanceStartTime = new(f.CreateGauge("supabase_instance_start_time_seconds", "Unix time the instance was last fully started; absent when not running.", I, H));
        _instanceCpu = new(f.CreateGauge("supabase_instance_cpu_usage_percent", "CPU of the instance's containers, percent of one core.", I, H));
        _instanceMemory = new(f.CreateGauge("supabase_instance_memory_usage_bytes", "Memory of the instance's containers (without page cache).", I, H));
        _containersTotal = f.CreateGauge("supabase_docker_containers_total", "Tenant containers in every state.");
        _containerStatus = new(f.CreateGauge("supabase_docker_container_status", "1 when the container runs, else 0; state carries the Docker state.", C, I, Component, "state", H));
        _containerRestarts = new(f.CreateCounter("supabase_docker_container_restarts_total", "Restarts Docker counted for the container (RestartCount).", C, I, Component, H));
        _containerExitCode = new(f.CreateGauge("supabase_docker_container_last_exit_code", "Exit code of the container's last stop; absent while it has never stopped.", C, I, Component, H));
        _containerOomKilled = new(f.CreateGauge("supabase_docker_container_oom_killed", "1 when the container's last stop was the kernel's OOM killer.", C, I, Component, H));
        _containerHealthy = new(f.CreateGauge("supabase_docker_container_healthy", "Docker HEALTHCHECK: 1 healthy, 0 unhealthy or starting; absent without a health check.", C, I, Component, H));
        _containerCpu = new(f.CreateGauge("supabase_docker_container_cpu_usage_percent", "Container CPU between the last two stats samples, percent of one core.", C, I, Component, H));
        _containerCpuSeconds = new(f.CreateGauge("supabase_docker_container_cpu_seconds", "Cumulative CPU time of the container's current run (resets when it restarts).", C, I, Component, H));
        _containerMemory = new(f.CreateGauge("supabase_docker_container_memory_usage_bytes", "Container memory without page cache.", C, I, Component, H));
        _containerMemoryLimit = new(f.CreateGauge("supabase_docker_container_memory_limit_bytes", "Container memory limit (the host's memory when unlimited).", C, I, Component, H));
        _dbConnections = new(f.CreateGauge("supabase_database_connections", "Client connections to the instance's database (pg_stat_activity); absent without tenant DB credentials.", I, H));
        _dbConnectionsByState = new(f.CreateGauge("supabase_database_connections_by_state", "Client connections by pg_stat_activity state.", I, "state", H));
        _dbMaxConnections = new(f.CreateGauge("supabase_database_max_connections", "The instance database's max_connections.", I, H));
        _drift = f.CreateGauge("supabase_discovery_drift_instances", "Instances where Docker and the master DB disagree, by kind.", "kind");
    }

    /// <summary>Sets every series from the latest data and removes the series of what is gone.</summary>
    public void Update(
        InventorySnapshot inventory,
        IReadOnlyDictionary<string, ContainerStats> stats,
        IReadOnlyDictionary<string, DatabaseConnections> databases,
        DateTimeOffset now)
    {
        _instancesTotal.Set(inventory.Instances.Length);
        _containersTotal.Set(inventory.ContainerCount);
        _drift.WithLabels("without_containers").Set(inventory.Drift.WithoutContainers.Length);
        _drift.WithLabels("without_metadata").Set(inventory.Drift.WithoutMetadata.Length);
        _drift.WithLabels("missing_components").Set(inventory.Drift.MissingComponents.Length);

        foreach (var org in inventory.Instances.GroupBy(i => (Id: LabelValue.Of(i.OrgId), Name: LabelValue.Of(i.OrgName))))
        {
            _instancesByOrg.Set(org.Count(), org.Key.Id, org.Key.Name);
        }

        foreach (var instance in inventory.Instances)
        {
            UpdateInstance(instance, stats, databases, now);
        }

        foreach (var family in new[] { _instancesByOrg, _instanceStatus, _instanceInfo, _instanceHostUp, _instanceUptime, _instanceStartTime, _instanceCpu, _instanceMemory, _containerStatus, _containerExitCode, _containerOomKilled, _containerHealthy, _containerCpu, _containerCpuSeconds, _containerMemory, _containerMemoryLimit, _dbConnections, _dbConnectionsByState, _dbMaxConnections })
        {
            family.RemoveUnset();
        }

        _containerRestarts.RemoveUnset();
    }

    private void UpdateInstance(
        Instance instance,
        IReadOnlyDictionary<string, ContainerStats> stats,
        IReadOnlyDictionary<string, DatabaseConnections> databases,
        DateTimeOffset now)
    {
        var id = instance.InstanceId;
        var host = instance.Host;
        _instanceStatus.Set(instance.IsRunning ? 1 : 0, id, LabelValue.Of(instance.ProjectName), host);
        _instanceInfo.Set(1, id, LabelValue.Of(instance.OrgId), LabelValue.Of(instance.OrgName), LabelValue.Of(instance.ProjectName), LabelValue.Of(instance.ExpectedState), host);
        _instanceHostUp.Set(instance.HostUp ? 1 : 0, id, host);
        if (instance.RunningSince is { } since)
        {
            _instanceUptime.Set(Math.Max(0, (now - since).TotalSeconds), id, host);
            _instanceStartTime.Set(since.ToUnixTimeMilliseconds() / 1000.0, id, host);
        }

        double? cpu = null;
        double? memory = null;
        foreach (var container in instance.Containers)
        {
            string[] labels = [container.Name, id, container.Component, container.Host];
            _containerStatus.Set(container.IsRunning ? 1 : 0, container.Name, id, container.Component, container.State.ToLabel(), container.Host);
            _containerRestarts.Set(container.RestartCount, labels);
            if (container.ExitCode is { } exit)
            {
                _containerExitCode.Set(exit, labels);
                _containerOomKilled.Set(container.OomKilled ? 1 : 0, labels);
            }

            if (container.Health is { } health)
            {
                _containerHealthy.Set(health == "healthy" ? 1 : 0, labels);
            }

            if (container.IsRunning && stats.TryGetValue(container.Id, out var usage))
            {
                _containerMemory.Set(usage.MemoryBytes, labels);
                _containerCpuSeconds.Set(usage.CpuTotalNanoseconds / 1e9, labels);
                memory = (memory ?? 0) + usage.MemoryBytes;
                if (usage.MemoryLimitBytes is { } limit)
                {
                    _containerMemoryLimit.Set(limit, labels);
                }

                if (usage.CpuPercent is { } percent)
                {
                    _containerCpu.Set(percent, labels);
                    cpu = (cpu ?? 0) + percent;
                }
            }
        }

        if (cpu is { } instanceCpu)
        {
            _instanceCpu.Set(instanceCpu, id, host);
        }

        if (memory is { } instanceMemory)
        {
            _instanceMemory.Set(instanceMemory, id, host);
        }

        if (databases.TryGetValue(id, out var db))
        {
            _dbConnections.Set(db.Total, id, host);
            _dbMaxConnections.Set(db.MaxConnections, id, host);
            foreach (var (state, count) in db.ByState)
            {
                _dbConnectionsByState.Set(count, id, LabelValue.Of(state), host);
            }
        }
    }
}
