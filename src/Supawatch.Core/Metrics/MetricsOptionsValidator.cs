using Microsoft.Extensions.Configuration;
using Supawatch.Common;
using Supawatch.Configuration;

namespace Supawatch.Metrics;

/// <summary>Checks the exporter's <c>Metrics</c> and <c>TenantDb</c> sections at start; every error names the key or variable.</summary>
public static class MetricsOptionsValidator
{
    public static void Validate(IConfiguration configuration, List<string> errors)
    {
        ConfigurationChecks.WholeNumber(configuration, $"{MetricsOptions.Section}:{nameof(MetricsOptions.StatsConcurrency)}", least: 1, errors);
        ConfigurationChecks.WholeNumber(configuration, $"{MetricsOptions.Section}:{nameof(MetricsOptions.StatsCallsPerSecond)}", least: 0, errors);
        if (configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.StatsSource)}"] is { } source
            && !Enum.GetNames<StatsSource>().Contains(source.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            // Only the three names: Enum.TryParse would also take a number ("7").
            errors.Add($"SUPAWATCH_STATS_SOURCE: '{SafeText.Printable(source)}' is not auto, cgroup or api; write auto to read cgroup files where they are visible and the engine's stats API elsewhere");
        }

        ConfigurationChecks.WholeNumber(configuration, $"{TenantDbOptions.Section}:{nameof(TenantDbOptions.Concurrency)}", least: 1, errors);
        if (configuration[$"{TenantDbOptions.Section}:{nameof(TenantDbOptions.FromContainer)}"] is { } fromContainer && !bool.TryParse(fromContainer, out _))
        {
            errors.Add($"SUPAWATCH_DB_FROM_CONTAINER: '{SafeText.Printable(fromContainer)}' is not true or false; write false to stop reading each _db container's POSTGRES_USER/POSTGRES_PASSWORD");
        }
    }
}
