using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.Metrics;

/// <summary>
/// Every tenant series Supawatch exports, in one place (docs/metrics.md lists them), written from the inventory,
/// the stats sweep and the tenant databases by each background render — never during a scrape.
/// The seed's <c>supabase_instances_total</c> and <c>supabase_docker_containers_total</c> are counts that go
/// down, so they stay gauges under the seed's names.
/// </summary>
public static class SupabaseMetrics
{
    private const string I = "instance_id";
    private const string C = "container_name";
    private const string Component = "component";
    private const string H = "host";

    private static readonly MetricFamily InstancesTotal = new("supabase_instances_total", "Tenant instances known (Docker and master DB).", MetricType.Gauge);
    private static readonly MetricFamily InstancesByOrg = new("supabase_instances_by_org", "Tenant instances per organization.", MetricType.Gauge, "org_id", "org_name");
    private static readonly MetricFamily InstanceStatus = new("supabase_instance_status", "1 when every container of the instance runs, else 0.", MetricType.Gauge, I, "project_name", H);
    private static readonly MetricFamily InstanceInfo = new("supabase_instance_info", "Always 1; carries the instance's organization, project and expected state for joins.", MetricType.Gauge, I, "org_id", "org_name", "project_name", "expected_state", H);
    private static readonly MetricFamily InstanceExpectedUp = new("supabase_instance_expected_up", "1 when the instance should run and pages when down; 0 when its master-DB state is one of SUPAWATCH_STOPPED_STATES (stopped on purpose, or being created).", MetricType.Gauge, I, H);
    private static readonly MetricFamily InstanceHostUp = new("supabase_instance_host_up", "1 when the instance's Docker host answered discovery last time; 0 when its data is the last good read of a host that is down.", MetricType.Gauge, I, H);
    private static readonly MetricFamily InstanceUptime = new("supabase_instance_uptime_seconds", "Seconds since every container of the instance was last started; absent when not running.", MetricType.Gauge, I, H);
    private static readonly MetricFamily InstanceStartTime = new("supabase_instance_start_time_seconds", "Unix time the instance was last fully started; absent when not running.", MetricType.Gauge, I, H);
    private static readonly MetricFamily InstanceCpu = new("supabase_instance_cpu_usage_percent", "CPU of the instance's containers, percent of one core.", MetricType.Gauge, I, H);
    private static readonly MetricFamily InstanceMemory = new("supabase_instance_memory_usage_bytes", "Memory of the instance's containers (without page cache).", MetricType.Gauge, I, H);
    private static readonly MetricFamily ContainersTotal = new("supabase_docker_containers_total", "Tenant containers in every state.", MetricType.Gauge);
    private static readonly MetricFamily ContainerStatus = new("supabase_docker_container_status", "1 when the container runs, else 0; state carries the Docker state.", MetricType.Gauge, C, I, Component, "state", H);
    private static readonly MetricFamily ContainerRestarts = new("supabase_docker_container_restarts_total", "Restarts Docker counted for the container (RestartCount).", MetricType.Counter, C, I, Component, H);
    private static readonly MetricFamily ContainerExitCode = new("supabase_docker_container_last_exit_code", "Exit code of the container's last stop; absent while it has never stopped.", MetricType.Gauge, C, I, Component, H);
    private static readonly MetricFamily ContainerOomKilled = new("supabase_docker_container_oom_killed", "1 when the container's last stop was the kernel's OOM killer.", MetricType.Gauge, C, I, Component, H);
    private static readonly MetricFamily ContainerHealthy = new("supabase_docker_container_healthy", "Docker HEALTHCHECK: 1 healthy, 0 unhealthy or starting; absent without a health check.", MetricType.Gauge, C, I, Component, H);
    private static readonly MetricFamily ContainerCpu = new("supabase_docker_container_cpu_usage_percent", "Container CPU between the last two stats samples, percent of one core.", MetricType.Gauge, C, I, Component, H);
    private static readonly MetricFamily ContainerCpuSeconds = new("supabase_docker_container_cpu_seconds", "Cumulative CPU time of the container's current run (resets when it restarts).", MetricType.Gauge, C, I, Component, H);
    private static readonly MetricFamily ContainerMemory = new("supabase_docker_container_memory_usage_bytes", "Container memory without page cache.", MetricType.Gauge, C, I, Component, H);
    private static readonly MetricFamily ContainerMemoryLimit = new("supabase_docker_container_memory_limit_bytes", "Container memory limit (the host's memory when unlimited).", MetricType.Gauge, C, I, Component, H);
    private static readonly MetricFamily Drift = new("supabase_discovery_drift_instances", "Instances where Docker and the master DB disagree, by kind.", MetricType.Gauge, "kind");

    /// <summary>
    /// Writes every tenant series from the latest data. Only what the snapshot holds is written, so the series of
    /// a vanished instance or container are gone from the next render on.
    /// </summary>
    public static void Write(
        ExpositionWriter writer,
        InventorySnapshot inventory,
        IReadOnlyDictionary<string, ContainerStats> stats,
        IReadOnlyDictionary<string, TenantDbStatus> databases,
        StoppedStates stopped,
        DateTimeOffset now)
    {
        var instances = inventory.Instances;
        writer.Family(InstancesTotal);
        writer.Sample(InstancesTotal, instances.Length);

        writer.Family(InstancesByOrg);
        var byOrg = new Dictionary<(string Id, string Name), int>();
        foreach (var instance in instances)
        {
            var org = (LabelValue.Of(instance.OrgId), LabelValue.Of(instance.OrgName));
            byOrg[org] = byOrg.GetValueOrDefault(org) + 1;
        }

        foreach (var ((orgId, orgName), count) in byOrg)
        {
            writer.Sample(InstancesByOrg, count, orgId, orgName);
        }

        WriteInstances(writer, instances, stats, databases, stopped, now);
        WriteContainers(writer, inventory, stats);
        TenantDbSeries.Write(writer, instances, databases);

        writer.Family(Drift);
        writer.Sample(Drift, inventory.Drift.WithoutContainers.Length, "without_containers");
        writer.Sample(Drift, inventory.Drift.WithoutMetadata.Length, "without_metadata");
        writer.Sample(Drift, inventory.Drift.MissingComponents.Length, "missing_components");
    }

    private static void WriteInstances(
        ExpositionWriter writer,
        ImmutableArray<Instance> instances,
        IReadOnlyDictionary<string, ContainerStats> stats,
        IReadOnlyDictionary<string, TenantDbStatus> databases,
        StoppedStates stopped,
        DateTimeOffset now)
    {
        writer.Family(InstanceStatus);
        foreach (var instance in instances)
        {
            writer.Sample(InstanceStatus, instance.IsRunning ? 1 : 0, instance.InstanceId, LabelValue.Of(instance.ProjectName), instance.Host);
        }

        writer.Family(InstanceInfo);
        foreach (var instance in instances)
        {
            writer.Sample(InstanceInfo, 1, instance.InstanceId, LabelValue.Of(instance.OrgId), LabelValue.Of(instance.OrgName), LabelValue.Of(instance.ProjectName), LabelValue.Of(instance.ExpectedState), instance.Host);
        }

        writer.Family(InstanceExpectedUp);
        foreach (var instance in instances)
        {
            writer.Sample(InstanceExpectedUp, stopped.ExpectsUp(instance) ? 1 : 0, instance.InstanceId, instance.Host);
        }

        writer.Family(InstanceHostUp);
        foreach (var instance in instances)
        {
            writer.Sample(InstanceHostUp, instance.HostUp ? 1 : 0, instance.InstanceId, instance.Host);
        }

        writer.Family(InstanceUptime);
        foreach (var instance in instances)
        {
            if (instance.RunningSince is { } since)
            {
                writer.Sample(InstanceUptime, Math.Max(0, (now - since).TotalSeconds), instance.InstanceId, instance.Host);
            }
        }

        writer.Family(InstanceStartTime);
        foreach (var instance in instances)
        {
            if (instance.RunningSince is { } since)
            {
                writer.Sample(InstanceStartTime, since.ToUnixTimeMilliseconds() / 1000.0, instance.InstanceId, instance.Host);
            }
        }

        writer.Family(InstanceCpu);
        foreach (var instance in instances)
        {
            if (InstanceUsage(instance, stats).Cpu is { } cpu)
            {
                writer.Sample(InstanceCpu, cpu, instance.InstanceId, instance.Host);
            }
        }

        writer.Family(InstanceMemory);
        foreach (var instance in instances)
        {
            if (InstanceUsage(instance, stats).Memory is { } memory)
            {
                writer.Sample(InstanceMemory, memory, instance.InstanceId, instance.Host);
            }
        }
    }

    /// <summary>The sums over the instance's running containers that have stats; null when none has.</summary>
    private static (double? Cpu, double? Memory) InstanceUsage(Instance instance, IReadOnlyDictionary<string, ContainerStats> stats)
    {
        double? cpu = null;
        double? memory = null;
        foreach (var container in instance.Containers)
        {
            if (container.IsRunning && stats.TryGetValue(container.Id, out var usage))
            {
                memory = (memory ?? 0) + usage.MemoryBytes;
                if (usage.CpuPercent is { } percent)
                {
                    cpu = (cpu ?? 0) + percent;
                }
            }
        }

        return (cpu, memory);
    }

    private static void WriteContainers(ExpositionWriter writer, InventorySnapshot inventory, IReadOnlyDictionary<string, ContainerStats> stats)
    {
        writer.Family(ContainersTotal);
        writer.Sample(ContainersTotal, inventory.ContainerCount);

        writer.Family(ContainerStatus);
        foreach (var instance in inventory.Instances)
        {
            foreach (var c in instance.Containers)
            {
                writer.Sample(ContainerStatus, c.IsRunning ? 1 : 0, c.Name, instance.InstanceId, c.Component, c.State.ToLabel(), c.Host);
            }
        }

        WritePerContainer(writer, ContainerRestarts, inventory, static (c, _) => c.RestartCount);
        WritePerContainer(writer, ContainerExitCode, inventory, static (c, _) => c.ExitCode);
        WritePerContainer(writer, ContainerOomKilled, inventory, static (c, _) => c.ExitCode is null ? null : c.OomKilled ? 1 : 0);
        WritePerContainer(writer, ContainerHealthy, inventory, static (c, _) => c.Health is { } health ? health == "healthy" ? 1 : 0 : null);
        WritePerContainer(writer, ContainerCpu, inventory, static (_, usage) => usage?.CpuPercent, stats);
        WritePerContainer(writer, ContainerCpuSeconds, inventory, static (_, usage) => usage?.CpuTotalNanoseconds / 1e9, stats);
        WritePerContainer(writer, ContainerMemory, inventory, static (_, usage) => usage?.MemoryBytes, stats);
        WritePerContainer(writer, ContainerMemoryLimit, inventory, static (_, usage) => usage?.MemoryLimitBytes, stats);
    }

    /// <summary>
    /// One family with labels container_name, instance_id, component, host; a null value writes no series.
    /// With <paramref name="stats"/>, only running containers with a stats reading are passed their usage.
    /// </summary>
    private static void WritePerContainer(
        ExpositionWriter writer,
        MetricFamily family,
        InventorySnapshot inventory,
        Func<ContainerInfo, ContainerStats?, double?> value,
        IReadOnlyDictionary<string, ContainerStats>? stats = null)
    {
        writer.Family(family);
        foreach (var instance in inventory.Instances)
        {
            foreach (var c in instance.Containers)
            {
                ContainerStats? usage = null;
                if (stats is not null && !(c.IsRunning && stats.TryGetValue(c.Id, out usage)))
                {
                    continue;
                }

                if (value(c, usage) is { } v)
                {
                    writer.Sample(family, v, c.Name, instance.InstanceId, c.Component, c.Host);
                }
            }
        }
    }
}
