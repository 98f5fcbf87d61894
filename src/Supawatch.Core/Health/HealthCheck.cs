using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>
/// One check to run in a round: which instance, component and kind, and where to reach it.
/// <see cref="Address"/> is internal (host:port) and never leaves the process.
/// </summary>
/// <param name="Address">host:port of the published port, or null for the container check or a component without one.</param>
/// <param name="Path">HTTP request path for HTTP checks.</param>
/// <param name="Key">The tenant's anon key, sent in <c>apikey</c> by API checks; hidden when printed.</param>
public sealed record HealthCheck(
    string InstanceId,
    string Component,
    string Check,
    ContainerInfo Container,
    string? Address,
    string Path = "/",
    AnonKey? Key = null);
