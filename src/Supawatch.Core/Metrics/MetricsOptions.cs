using Microsoft.Extensions.Configuration;

namespace Supawatch.Metrics;

/// <summary>How the exporter collects resource data and prepares scrapes. Section <c>Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>The <c>Metrics</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static MetricsOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<MetricsOptions>() ?? new();

    /// <summary><c>SUPAWATCH_STATS_INTERVAL</c>: period of a Docker stats sweep over running tenant containers.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>SUPAWATCH_STATS_SOURCE</c>: cgroup files, the engine's stats API, or each where it works (auto).</summary>
    public StatsSource StatsSource { get; set; } = StatsSource.Auto;

    /// <summary>
    /// <c>SUPAWATCH_CGROUP_ROOT</c>: where the engine host's cgroup tree is visible (in a container: the host's
    /// <c>/sys/fs/cgroup</c> mounted read-only at this path).
    /// </summary>
    public string CgroupRoot { get; set; } = "/sys/fs/cgroup";

    /// <summary>Stats calls in flight at once.</summary>
    public int StatsConcurrency { get; set; } = 16;

    /// <summary>
    /// Most stats calls started a second (0: as fast as <see cref="StatsConcurrency"/> allows). At the default a sweep
    /// of 3,000 containers spreads over 6 s instead of a burst that spikes the engine and delays scrapes; a sweep
    /// never spreads over more than half of <see cref="StatsInterval"/>.
    /// </summary>
    public int StatsCallsPerSecond { get; set; } = 500;

    /// <summary>Timeout of one stats call; a hung container never holds the sweep longer.</summary>
    public TimeSpan StatsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the exposition is re-rendered when nothing changed, so uptime moves on. Changes (inventory,
    /// stats, databases) render at once; at 1,000 instances a render costs tens of milliseconds of CPU.
    /// </summary>
    public TimeSpan RenderInterval { get; set; } = TimeSpan.FromSeconds(10);
}
