using System.Text.Json.Serialization;
using Supawatch.History;

namespace Supawatch.Status;

/// <summary>Uptime percentages (0-100, null when nothing was counted) over the four windows.</summary>
public sealed record StatusUptime(
    [property: JsonPropertyName("24h")] double? Last24Hours,
    [property: JsonPropertyName("7d")] double? Last7Days,
    [property: JsonPropertyName("30d")] double? Last30Days,
    [property: JsonPropertyName("90d")] double? Last90Days)
{
    public static StatusUptime From(UptimeWindows windows) => new(
        Round(windows.Last24Hours.UptimePercent),
        Round(windows.Last7Days.UptimePercent),
        Round(windows.Last30Days.UptimePercent),
        Round(windows.Last90Days.UptimePercent));

    private static double? Round(double? percent) => percent is { } p ? Math.Round(p, 3) : null;
}
