using System.Text.Json.Serialization;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>An organization and its instances; <see cref="OrgId"/> is null for instances without a master-DB row.</summary>
public sealed record StatusOrganization(
    string? OrgId,
    string? OrgName,
    HealthStatus Status,
    StatusUptime Uptime,
    [property: JsonConverter(typeof(StatusDaysJsonConverter))] IReadOnlyList<StatusDay> Days,
    IReadOnlyList<StatusInstance> Instances)
{
    /// <summary>Its worst instance's error budget (<see cref="StatusSlo.Worst"/>); shown as <see cref="StatusInstance.Slo"/> is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatusSlo? Slo { get; init; }
}
