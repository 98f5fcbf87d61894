using Microsoft.Extensions.Configuration;
using Supawatch.Common;

namespace Supawatch.Metrics;

/// <summary>Checks <c>SUPAWATCH_STATS_SOURCE</c> before the binder meets it.</summary>
public static class StatsSourceValidator
{
    public static void Validate(IConfiguration configuration, List<string> errors)
    {
        var raw = configuration["Metrics:StatsSource"];
        if (raw is null)
        {
            return;
        }

        // Enum.TryParse also takes numbers ("7"); only the three names are accepted.
        if (!Enum.GetNames<StatsSource>().Contains(raw.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"SUPAWATCH_STATS_SOURCE: '{SafeText.Printable(raw)}' is not auto, cgroup or api; write auto to read cgroup files where they are visible and the engine's stats API elsewhere");
        }
    }
}
