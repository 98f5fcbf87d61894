using Supawatch.Tests.Dashboards;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A real Prometheus evaluating the shipped alerts/alerting_rules.yml on a one-second clock, scraping the given jobs
/// every second: what the dashboard and SLO tests read their recorded series from. One class's own
/// <see cref="PrometheusFixture"/> is started by it (the pattern of <see cref="AlertingPipeline"/>).
/// </summary>
public static class ShippedRulesPrometheus
{
    /// <summary>How the SLO groups' own intervals (1m samples, 5m tiles) are fitted to a test's minutes.</summary>
    public enum SloClock
    {
        /// <summary>Every group at the global 1 s: the recorded series appear at once (tiles overlap; their values are not read).</summary>
        EverySecond,

        /// <summary>
        /// Sixty times faster: a sample a second, 5-second tiles every 5 seconds. The tiles must not overlap (each sample
        /// in exactly one), so their range and their group's interval change together: the budget reads as in production.
        /// </summary>
        SixtyTimesFaster,
    }

    /// <param name="scrapeConfigs">The <c>scrape_configs</c> list, indented by two spaces (each item <c>  - job_name: …</c>).</param>
    public static async Task StartAsync(PrometheusFixture prometheus, SloClock clock, string scrapeConfigs)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        var shipped = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "alerts", "alerting_rules.yml"));
        var rules = Path.Combine(prometheus.ConfigDir, "shipped_rules.yml");
        await File.WriteAllTextAsync(rules, clock == SloClock.SixtyTimesFaster ? SixtyTimesFaster(shipped) : EverySecond(shipped));
        await prometheus.StartAsync($"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ["{rules}"]
            scrape_configs:
            {scrapeConfigs.TrimEnd()}
            """);
    }

    private static string EverySecond(string rules)
    {
        var lines = rules.Split('\n').Where(line => !(line.StartsWith("  interval: ", StringComparison.Ordinal) && line.Length < 20)).ToList();
        Assert.True(lines.Count < rules.Split('\n').Length, "the shipped rules hold no group interval to remove");
        return string.Join('\n', lines);
    }

    private static string SixtyTimesFaster(string rules)
    {
        string[] tiles = ["sum_over_time(instance_id:supabase_slo_unavailable:sample[5m])", "count_over_time(instance_id:supabase_slo_unavailable:sample[5m])"];
        var faster = rules.Replace("\n  interval: 1m\n", "\n  interval: 1s\n", StringComparison.Ordinal)
            .Replace("\n  interval: 5m\n", "\n  interval: 5s\n", StringComparison.Ordinal);
        foreach (var tile in tiles)
        {
            Assert.Contains(tile, faster, StringComparison.Ordinal);
            faster = faster.Replace(tile, tile.Replace("[5m]", "[5s]", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Contains("interval: 1s", faster, StringComparison.Ordinal);
        Assert.Contains("interval: 5s", faster, StringComparison.Ordinal);
        return faster;
    }
}
