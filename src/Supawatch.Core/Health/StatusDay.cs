namespace Supawatch.Health;

/// <summary>One bar of the 90-day uptime strip.</summary>
/// <param name="Date">UTC day, <c>yyyy-MM-dd</c>.</param>
/// <param name="Uptime">Percent available that day, or null when nothing counted.</param>
public sealed record StatusDay(string Date, HealthStatus Status, double? Uptime);
