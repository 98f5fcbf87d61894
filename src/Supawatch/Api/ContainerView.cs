using Supawatch.Instances;

namespace Supawatch.Api;

/// <summary>One container in the operator API.</summary>
public sealed record ContainerView(
    string Id,
    string Host,
    string Name,
    string Component,
    string State,
    string? Health,
    int RestartCount,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ExitCode,
    bool OomKilled,
    string Image,
    IReadOnlyList<PublishedPort> Ports)
{
    public static ContainerView From(ContainerInfo c) => new(
        c.Id, c.Host, c.Name, c.Component, c.State.ToLabel(), c.Health, c.RestartCount, c.StartedAt, c.FinishedAt,
        c.ExitCode, c.OomKilled, c.Image, c.Ports);
}
