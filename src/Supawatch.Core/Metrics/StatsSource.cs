namespace Supawatch.Metrics;

/// <summary>Where container CPU and memory come from (<c>SUPAWATCH_STATS_SOURCE</c>).</summary>
public enum StatsSource
{
    /// <summary>The container's cgroup files when they are under <see cref="MetricsOptions.CgroupRoot"/>, else the engine's stats API.</summary>
    Auto,

    /// <summary>Only the cgroup files; a container whose cgroup is not found gets no CPU or memory.</summary>
    Cgroup,

    /// <summary>Only the engine's stats API (remote engines, or to compare).</summary>
    Api,
}
