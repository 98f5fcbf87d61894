using System.Text.Json.Serialization;

namespace Supawatch.Docker;

/// <summary>The fields of <c>GET /containers/{id}/json</c> that discovery maps; the rest of the answer is skipped unread.</summary>
public sealed record ContainerInspect
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Created { get; init; }
    public long RestartCount { get; init; }
    public string? Image { get; init; }
    public ContainerInspectState? State { get; init; }
    public ContainerInspectConfig? Config { get; init; }
    public ContainerInspectNetwork? NetworkSettings { get; init; }
    public ContainerInspectHostConfig? HostConfig { get; init; }
}

public sealed record ContainerInspectState
{
    public string? Status { get; init; }
    public bool Running { get; init; }
    public long ExitCode { get; init; }

    [JsonPropertyName("OOMKilled")]
    public bool OomKilled { get; init; }

    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
    public ContainerInspectHealth? Health { get; init; }
}

public sealed record ContainerInspectHealth
{
    public string? Status { get; init; }
}

public sealed record ContainerInspectConfig
{
    public string? Image { get; init; }

    /// <summary>Only the <c>supawatch.*</c> labels (<see cref="SupawatchLabelsConverter"/>).</summary>
    [JsonConverter(typeof(SupawatchLabelsConverter))]
    public Dictionary<string, string>? Labels { get; init; }

    /// <summary>
    /// <c>NAME=value</c> entries; discovery keeps only the anon key (<see cref="Instances.AnonKey"/>). They may hold
    /// secrets: <see cref="ToString"/> leaves them out.
    /// </summary>
    public List<string>? Env { get; init; }

    public override string ToString() => $"ContainerInspectConfig {{ Image = {Image}, Labels = {Labels?.Count ?? 0}, Env = (not shown) }}";
}

public sealed record ContainerInspectNetwork
{
    public Dictionary<string, List<ContainerPortBinding>?>? Ports { get; init; }
}

public sealed record ContainerInspectHostConfig
{
    public Dictionary<string, List<ContainerPortBinding>?>? PortBindings { get; init; }
}

public sealed record ContainerPortBinding
{
    [JsonPropertyName("HostIp")]
    public string? HostIp { get; init; }

    public string? HostPort { get; init; }
}

/// <summary>The fields of one entry of <c>GET /containers/json</c> that discovery reads.</summary>
public sealed record ContainerListEntry
{
    public string Id { get; init; } = "";
    public List<string>? Names { get; init; }

    /// <summary>Only the <c>supawatch.*</c> labels (<see cref="SupawatchLabelsConverter"/>).</summary>
    [JsonConverter(typeof(SupawatchLabelsConverter))]
    public Dictionary<string, string>? Labels { get; init; }
    public string? State { get; init; }

    /// <summary>Human status, e.g. <c>Up 3 minutes (healthy)</c>: Docker names the health here, so a list shows a change of it.</summary>
    public string? Status { get; init; }

    /// <summary>The published ports of a running container (a stopped one lists none); enough for a scrape target.</summary>
    public List<ContainerListPort>? Ports { get; init; }

    /// <summary>A hash of the entry's bytes as the engine wrote them, when the list was read with known entries; zero otherwise.</summary>
    [JsonIgnore]
    public UInt128 ListedHash { get; init; }

    /// <summary>The entry is byte for byte one the reader was told it knows: only <see cref="Id"/> and <see cref="ListedHash"/> are read.</summary>
    [JsonIgnore]
    public bool Unchanged { get; init; }
}

/// <summary>One entry of <c>Ports</c> in <c>GET /containers/json</c>: <c>PublicPort</c> absent when not published.</summary>
public sealed record ContainerListPort
{
    [JsonPropertyName("IP")]
    public string? Ip { get; init; }

    public int PrivatePort { get; init; }
    public int? PublicPort { get; init; }
    public string? Type { get; init; }
}

/// <summary>The fields of one-shot <c>GET /containers/{id}/stats</c> that the exporter reads.</summary>
public sealed record ContainerStatsAnswer
{
    [JsonPropertyName("read")]
    public string? Read { get; init; }

    [JsonPropertyName("cpu_stats")]
    public ContainerCpuStats? CpuStats { get; init; }

    [JsonPropertyName("memory_stats")]
    public ContainerMemoryStats? MemoryStats { get; init; }
}

public sealed record ContainerCpuStats
{
    [JsonPropertyName("cpu_usage")]
    public ContainerCpuUsage? CpuUsage { get; init; }
}

public sealed record ContainerCpuUsage
{
    [JsonPropertyName("total_usage")]
    public ulong TotalUsage { get; init; }
}

public sealed record ContainerMemoryStats
{
    [JsonPropertyName("usage")]
    public ulong? Usage { get; init; }

    [JsonPropertyName("limit")]
    public ulong? Limit { get; init; }

    [JsonPropertyName("stats")]
    public ContainerMemoryDetail? Stats { get; init; }
}

/// <summary>
/// The page-cache figure of <c>memory_stats.stats</c> (cgroup v1 and v2 names); its thirty-odd other keys are skipped,
/// not read into a dictionary, 3,000 times a sweep at 1,000 instances.
/// </summary>
public sealed record ContainerMemoryDetail
{
    [JsonPropertyName("total_inactive_file")]
    public ulong? TotalInactiveFile { get; init; }

    [JsonPropertyName("inactive_file")]
    public ulong? InactiveFile { get; init; }
}

/// <summary>Source-generated reading of the engine's container answers: no reflection, nothing allocated for skipped fields.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(List<ContainerListEntry>))]
[JsonSerializable(typeof(ContainerStatsAnswer))]
internal sealed partial class ContainerInspectJson : JsonSerializerContext;
