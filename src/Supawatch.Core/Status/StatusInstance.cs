using System.Text.Json.Serialization;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>One instance on the status page.</summary>
/// <param name="ResponseMs">Mean response time of this round's network checks.</param>
/// <param name="ResponseMs24h">Mean response time over the last 24 hours.</param>
public sealed record StatusInstance(
    string InstanceId,
    string? ProjectName,
    HealthStatus Status,
    DateTimeOffset Since,
    string? Cause,
    double? ResponseMs,
    double? ResponseMs24h,
    StatusUptime Uptime,
    [property: JsonConverter(typeof(StatusDaysJsonConverter))] IReadOnlyList<StatusDay> Days,
    IReadOnlyList<StatusComponent> Components)
{
    /// <summary>
    /// The Docker host's name from <c>DOCKER_HOSTS</c> (<c>default</c> with one host); never an address. Null (and left out
    /// of the JSON) on public pages with <c>SUPAWATCH_STATUS_HIDE_IDS</c>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Host { get; init; } = "default";

    /// <summary>
    /// Its error budget (docs/slo.md). Always in <c>&lt;data&gt;/status.json</c>; on public pages and their JSON only with
    /// <c>SUPAWATCH_STATUS_SLO=true</c>, else null and left out.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatusSlo? Slo { get; init; }
}
