using System.Text.Json.Serialization;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>One bar of the 90-day uptime strip.</summary>
/// <remarks>
/// A value type: status.json at 1,000 instances carries 90,000 of them, rebuilt every round; as objects they and their
/// date strings were a third of the document's object graph.
/// </remarks>
/// <param name="Date">UTC day, <c>yyyy-MM-dd</c>.</param>
/// <param name="Uptime">Percent available that day, or null when nothing counted.</param>
[JsonConverter(typeof(StatusDayJsonConverter))]
public readonly record struct StatusDay(string Date, HealthStatus Status, double? Uptime);
