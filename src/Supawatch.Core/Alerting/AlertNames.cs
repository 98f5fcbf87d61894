namespace Supawatch.Alerting;

/// <summary>The alert names of the seed and of self-monitoring: the public interface of the rules.</summary>
public static class AlertNames
{
    public const string InstanceDown = "SupabaseInstanceDown";
    public const string KongDown = "SupabaseKongDown";
    public const string CriticalMemoryUsage = "CriticalMemoryUsage";
    public const string CriticalDiskSpace = "CriticalDiskSpace";
    public const string StudioDown = "SupabaseStudioDown";
    public const string HighCpuUsage = "HighCPUUsage";
    public const string HighMemoryUsage = "HighMemoryUsage";
    public const string LowDiskSpace = "LowDiskSpace";
    public const string ContainerRestartingFrequently = "ContainerRestartingFrequently";
    public const string Watchdog = "Watchdog";
    public const string DatabaseDown = "SupabaseDatabaseDown";
    public const string DatabaseConnectionsHigh = "SupabaseDatabaseConnectionsHigh";
    public const string DatabaseLongTransaction = "SupabaseDatabaseLongTransaction";
    public const string DatabaseWraparound = "SupabaseDatabaseWraparound";
    public const string DatabaseDeadlocks = "SupabaseDatabaseDeadlocks";
    public const string DatabaseGrowingFast = "SupabaseDatabaseGrowingFast";

    /// <summary>A Supabase service behind a tenant's Kong fails its API check (auth, rest, storage…).</summary>
    public const string ApiServiceDown = "SupabaseApiServiceDown";

    /// <summary>Too many of a tenant's requests through Kong answered 5xx (Kong's request metrics).</summary>
    public const string ApiHighErrorRate = "SupabaseApiHighErrorRate";

    /// <summary>A tenant's requests through Kong slow (Kong's request metrics).</summary>
    public const string ApiHighLatency = "SupabaseApiHighLatency";

    /// <summary>One page for a Docker host's outage; it holds back the per-instance alerts of that host.</summary>
    public const string HostOutage = "SupabaseHostOutage";

    /// <summary>The per-instance alerts a host outage stands in for (PromQL <c>unless</c> and Alertmanager inhibition).</summary>
    public static IReadOnlyList<string> TenantAlerts { get; } = [
        InstanceDown, KongDown, StudioDown, ContainerRestartingFrequently,
        DatabaseDown, DatabaseConnectionsHigh, DatabaseLongTransaction, DatabaseWraparound, DatabaseDeadlocks, DatabaseGrowingFast,
        Slo.SloPolicy.FastBurn, Slo.SloPolicy.SlowBurn, Slo.SloPolicy.Leak,
        ApiServiceDown, ApiHighErrorRate, ApiHighLatency,
    ];
    public const string SourceDown = "SupawatchSourceDown";
    public const string Stale = "SupawatchStale";
    public const string TargetDown = "TargetDown";

    /// <summary>The nine alerts the seed lists, in its order.</summary>
    public static IReadOnlyList<string> Seed { get; } =
    [
        InstanceDown, KongDown, CriticalMemoryUsage, CriticalDiskSpace, StudioDown,
        HighCpuUsage, HighMemoryUsage, LowDiskSpace, ContainerRestartingFrequently,
    ];
}
