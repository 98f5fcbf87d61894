namespace Supawatch.Alerting;

/// <summary>
/// The PromQL that decides each tenant and host alert, before the tenant join. Tenant signals read both
/// what Docker says (<c>supabase_docker_container_status</c>) and what the health checks saw
/// (<c>supabase_health_check_up</c>), so a container that runs but does not answer pages like one that stopped.
/// Each is aggregated to a fixed label set, so an alert keeps its clock when the failing signal changes.
/// </summary>
public static class AlertSignals
{
    /// <summary>
    /// Nothing of the instance responds: none of its containers runs (an instance with no containers at all
    /// counts), or every network check it has (HTTP, PostgreSQL) fails.
    /// </summary>
    public const string InstanceDown =
        "max by (instance_id) ("
        + "((supabase_instance_status == 0) unless on (instance_id) (supabase_docker_container_status == 1))"
        + " or (max by (instance_id) (supabase_health_check_up{check!=\"container\"}) == 0))";

    /// <summary>
    /// The instance's Kong container is not running or one of its checks (HTTP, container) fails. The minimum
    /// over both signals, by instance and component only: the container's <c>state</c> and the check's name are
    /// dropped, so a move from restarting to exited, or from a refused to a timed-out HTTP check, keeps the clock.
    /// </summary>
    public const string KongDown =
        "min by (instance_id, component) (supabase_docker_container_status{component=\"kong\"} or supabase_health_check_up{component=\"kong\"}) == 0";

    /// <summary>The instance's Studio container is not running or one of its checks fails (as <see cref="KongDown"/>).</summary>
    public const string StudioDown =
        "min by (instance_id, component) (supabase_docker_container_status{component=\"studio\"} or supabase_health_check_up{component=\"studio\"}) == 0";

    /// <summary>
    /// Restarts in the last 15 minutes. <c>increase</c> extrapolates to the window's edges (3 restarts can read
    /// 3.2), so it is floored: the alert means more than 3 whole restarts.
    /// </summary>
    public const string ContainerRestarts =
        "floor(increase(supabase_docker_container_restarts_total[15m]))";

    /// <summary>
    /// The tenant's database cannot be reached or does not answer (timeout, refused, starting, shutting down, error)
    /// while its <c>_db</c> container runs. A server that answers with a refusal of the login (auth, permission, no
    /// database) or of one more connection is up: those are not this alert's (docs/alerting.md).
    /// </summary>
    public const string DatabaseDown =
        "max by (instance_id) (supabase_database_unreadable{reason=~\"timeout|refused|starting|shutting_down|error\"}) == 1"
        + " and on (instance_id) (max by (instance_id) (supabase_docker_container_status{component=\"db\"}) == 1)";

    /// <summary>
    /// Client connections as a percent of the usable ones (<c>max_connections</c> less the reserved); a database that
    /// refused the monitor's connection for being full, or that the monitor left alone at its limit, counts as 100.
    /// </summary>
    public const string DatabaseConnectionsPercent =
        "max by (instance_id) ((100 * supabase_database_connections / clamp_min(supabase_database_max_connections - supabase_database_reserved_connections, 1))"
        + " or (100 * supabase_database_unreadable{reason=~\"too_many_connections|at_limit\"}))";

    /// <summary>Age of the tenant's oldest open transaction, seconds.</summary>
    public const string DatabaseOldestTransaction = "max by (instance_id) (supabase_database_oldest_transaction_seconds)";

    /// <summary>Transaction-ID age of the tenant's oldest unfrozen database.</summary>
    public const string DatabaseWraparoundAge = "max by (instance_id) (supabase_database_wraparound_age)";

    /// <summary>Whole deadlocks in the last 15 minutes (floored, as <see cref="ContainerRestarts"/>).</summary>
    public const string DatabaseDeadlocks = "floor(max by (instance_id) (increase(supabase_database_deadlocks_total[15m])))";

    /// <summary>Bytes the tenant's database grew in the last hour.</summary>
    public const string DatabaseGrowth = "max by (instance_id) (delta(supabase_database_size_bytes[1h]))";

    /// <summary>Host memory in use, percent (node_exporter).</summary>
    public const string MemoryUsedPercent =
        "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)";

    /// <summary>Used space per real filesystem, percent (node_exporter; tmpfs and container overlays left out).</summary>
    public const string DiskUsedPercent =
        "100 * (1 - node_filesystem_avail_bytes{fstype!~\"tmpfs|overlay\"} / node_filesystem_size_bytes{fstype!~\"tmpfs|overlay\"})";

    /// <summary>Host CPU busy over the last 5 minutes, percent of all cores (node_exporter).</summary>
    public const string CpuUsedPercent =
        "100 * (1 - avg without (cpu, mode) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m])))";

    /// <summary>
    /// The instances that page: <c>supabase_instance_info</c> (organization, project, host) of those whose
    /// <c>supabase_instance_expected_up</c> is 1. The exporter computes that from <c>SUPAWATCH_STOPPED_STATES</c>, the
    /// same list the status page reads, so the rules never spell the states out. <paramref name="selector"/> narrows
    /// the info series (a template's <c>{host="…"}</c>).
    /// </summary>
    public static string PageableInstances(string selector = "") =>
        $"(supabase_instance_info{selector} and on (instance_id) (supabase_instance_expected_up == 1))";

    /// <summary>
    /// Pageable instances in trouble: nothing of them responds (<see cref="InstanceDown"/>), their Kong is down
    /// (<see cref="KongDown"/>: the two critical tenant signals), or their Docker host cannot be read.
    /// </summary>
    public static string AffectedInstances(string selector = "") =>
        $"({PageableInstances(selector)} and on (instance_id) ({InstanceDown} or {KongDown} or (supabase_instance_host_up == 0)))";

    /// <summary>The least number of affected instances that makes a host outage.</summary>
    public const int OutageMinInstances = 2;

    /// <summary>
    /// A host outage, by host, valued with the number of instances affected: at least half of the host's pageable
    /// instances, and at least <see cref="OutageMinInstances"/>, are affected at once; or the host's Docker Engine cannot
    /// be read (any pageable instance on it: its state is unknown). A raw condition, no <c>for</c>: the tenant rules use
    /// it to stand aside from the first evaluation it holds.
    /// </summary>
    public static readonly string HostOutage =
        $"count by (host) {AffectedInstances(OnAHost)} >= on (host) clamp_min(count by (host) {PageableInstances(OnAHost)} / 2, {OutageMinInstances})"
        + $" or count by (host) ({PageableInstances(OnAHost)} and on (instance_id) (supabase_instance_host_up == 0))";

    /// <summary>
    /// Instances with containers: one known only from the master DB has no host (<c>host=""</c>), and such instances are
    /// not one machine failing. Each pages on its own; an empty host would also make Alertmanager's <c>equal: [host]</c>
    /// match every alert without the label.
    /// </summary>
    private const string OnAHost = "{host!=\"\"}";

    /// <summary>
    /// Adds the organization, project and host to a tenant signal, drops instances that are not expected to run, and
    /// stands aside while the instance's host is in an outage (<see cref="HostOutage"/> pages once for all of them).
    /// An alert that was already firing before the outage began stays (its own <c>ALERTS</c> series keeps it), so no
    /// false "resolved" goes out: Alertmanager inhibits it while the host alert fires.
    /// </summary>
    public static string ForTenants(string signal, string alertName) =>
        AsideInHostOutage($"(\n  {signal}\n)\n* on (instance_id) group_left (org_id, org_name, project_name, host)\n  {PageableInstances()}", alertName, "instance_id");

    /// <summary>
    /// Stands a signal aside while its host is in an outage (<see cref="HostOutage"/> pages once for it), matching on
    /// <paramref name="on"/>: <c>instance_id</c> for a tenant's signal (<see cref="ForTenants"/>) or target, <c>host</c>
    /// for a source. By expression, not only by Alertmanager's inhibition: that ends the moment the host alert resolves,
    /// and a signal that clears an evaluation or a scrape later (another rule group, another target) pages in the gap.
    /// After the outage the signal needs its whole <c>for</c> again. One already firing before stays.
    /// </summary>
    public static string AsideInHostOutage(string signal, string alertName, string on)
    {
        // In parentheses: HostOutage ends in an "or", which binds looser than the "unless" after it.
        var outage = on == "host" ? $"({HostOutage})" : $"{PageableInstances()} and on (host) ({HostOutage})";
        return $"{signal}\nunless on ({on})\n  ({outage}\n    unless on ({on}) ALERTS{{alertname=\"{alertName}\", alertstate=\"firing\"}})\n";
    }

    /// <summary>
    /// A target Prometheus cannot scrape, except a tenant's metrics target (it carries <c>instance_id</c>) whose
    /// instance is stopped on purpose (<c>supabase_instance_expected_up == 0</c>): a suspended tenant's endpoint is
    /// down because the tenant is, and must not page. Targets without <c>instance_id</c> match no instance and stay.
    /// </summary>
    public const string TargetDown =
        "up == 0 unless on (instance_id) (supabase_instance_expected_up == 0)";
}
