namespace Supawatch.Instances;

/// <summary>Names and ordering of <see cref="HealthStatus"/> values.</summary>
public static class HealthStatuses
{
    public static IReadOnlyList<HealthStatus> All { get; } =
        [HealthStatus.Up, HealthStatus.Degraded, HealthStatus.Down, HealthStatus.Stopped, HealthStatus.Maintenance, HealthStatus.Unknown];

    /// <summary>Lower-case name used in JSON, the log and the history store.</summary>
    public static string ToLabel(this HealthStatus status) => status switch
    {
        HealthStatus.Up => "up",
        HealthStatus.Degraded => "degraded",
        HealthStatus.Down => "down",
        HealthStatus.Stopped => "stopped",
        HealthStatus.Maintenance => "maintenance",
        _ => "unknown",
    };

    public static HealthStatus Parse(string? label) => label switch
    {
        "up" => HealthStatus.Up,
        "degraded" => HealthStatus.Degraded,
        "down" => HealthStatus.Down,
        "stopped" => HealthStatus.Stopped,
        "maintenance" => HealthStatus.Maintenance,
        _ => HealthStatus.Unknown,
    };

    /// <summary>How bad a status is among the ones that mean "serving or not": up &lt; degraded &lt; down.</summary>
    public static int Severity(this HealthStatus status) => status switch
    {
        HealthStatus.Up => 0,
        HealthStatus.Degraded => 1,
        HealthStatus.Down => 2,
        _ => -1,
    };

    /// <summary>The worse of two statuses; unknown loses to anything known.</summary>
    public static HealthStatus Worst(HealthStatus a, HealthStatus b) => a.Severity() >= b.Severity() ? a : b;
}
