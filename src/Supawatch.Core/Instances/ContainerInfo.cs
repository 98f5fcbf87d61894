using System.Collections.Immutable;

namespace Supawatch.Instances;

/// <summary>One tenant container as the Docker source last saw it.</summary>
public sealed record ContainerInfo
{
    public required string Id { get; init; }

    /// <summary>The Docker host's name (<c>DOCKER_HOSTS</c>; <c>default</c> for the single <c>DOCKER_HOST</c>).</summary>
    public string Host { get; init; } = "default";

    /// <summary>The name without Docker's leading slash, e.g. <c>123_app_456_kong</c>.</summary>
    public required string Name { get; init; }

    public required string InstanceId { get; init; }
    public required string Component { get; init; }
    public required ContainerState State { get; init; }

    /// <summary>Docker health (<c>healthy</c>, <c>unhealthy</c>, <c>starting</c>) or null without a HEALTHCHECK.</summary>
    public string? Health { get; init; }

    public int RestartCount { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public int? ExitCode { get; init; }
    public bool OomKilled { get; init; }
    public string Image { get; init; } = "";
    public ImmutableArray<PublishedPort> Ports { get; init; } = [];

    /// <summary>
    /// The container port that serves Prometheus metrics (label <c>supawatch.metrics_port</c>); null without the label,
    /// 0 when the labels are there but unusable (not a port number, or a path that is not absolute) — reported, not scraped.
    /// </summary>
    public int? MetricsPort { get; init; }

    /// <summary>The path of those metrics (label <c>supawatch.metrics_path</c>); null for <c>/metrics</c>.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>
    /// The tenant's anon key, when the container's environment holds one of <c>SUPAWATCH_ANON_KEY_VARS</c>; null otherwise.
    /// Hidden when printed (<see cref="Instances.AnonKey"/>); sent only in the <c>apikey</c> header of the API checks.
    /// </summary>
    public AnonKey? AnonKey { get; init; }

    public bool IsRunning => State == ContainerState.Running;
}
