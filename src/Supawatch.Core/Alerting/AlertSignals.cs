namespace Supawatch.Alerting;

/// <summary>
/// The PromQL that decides each tenant and host alert, before the tenant join. Each tenant signal is one
/// expression: when the health-check series (<c>supabase_health_check_up</c>) land, switching an alert to
/// them is a change of one constant here (docs/alerting.md shows the replacements).
/// </summary>
public static class AlertSignals
{
    /// <summary>Not running and none of its containers runs (an instance with no containers at all counts).</summary>
    public const string InstanceDown =
        "(supabase_instance_status == 0) unless on (instance_id) (supabase_docker_container_status == 1)";

    /// <summary>The instance's Kong container is not running (the <c>state</c> label is dropped so a state change keeps the alert's clock).</summary>
    public const string KongDown =
        "max without (state) (supabase_docker_container_status{component=\"kong\"}) == 0";

    /// <summary>The instance's Studio container is not running.</summary>
    public const string StudioDown =
        "max without (state) (supabase_docker_container_status{component=\"studio\"}) == 0";

    /// <summary>
    /// Restarts in the last 15 minutes. <c>increase</c> extrapolates to the window's edges (3 restarts can read
    /// 3.2), so it is floored: the alert means more than 3 whole restarts.
    /// </summary>
    public const string ContainerRestarts =
        "floor(increase(supabase_docker_container_restarts_total[15m]))";

    /// <summary>Host memory in use, percent (node_exporter).</summary>
    public const string MemoryUsedPercent =
        "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)";

    /// <summary>Used space per real filesystem, percent (node_exporter; tmpfs and container overlays left out).</summary>
    public const string DiskUsedPercent =
        "100 * (1 - node_filesystem_avail_bytes{fstype!~\"tmpfs|overlay\"} / node_filesystem_size_bytes{fstype!~\"tmpfs|overlay\"})";

    /// <summary>Host CPU busy over the last 5 minutes, percent of all cores (node_exporter).</summary>
    public const string CpuUsedPercent =
        "100 * (1 - avg without (cpu, mode) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m])))";

    /// <summary>Lifecycle awareness: instances the master DB says are paused, stopped or being created never page.</summary>
    public const string PageableInstances =
        "supabase_instance_info{expected_state!~\"paused|stopped|creating\"}";

    /// <summary>Adds the organization and project to a tenant signal and drops instances that should not page.</summary>
    public static string ForTenants(string signal) =>
        $"(\n  {signal}\n)\n* on (instance_id) group_left (org_id, org_name, project_name)\n  {PageableInstances}\n";
}
