using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Paging;

/// <summary>
/// One Docker host of the test fleet as the test drives it: its name in <c>DOCKER_HOSTS</c>, its API address, and
/// the container commands of the engine behind it (Docker Engine or podman).
/// </summary>
public sealed record FleetHost(
    string Name,
    string DockerHost,
    Func<string, IReadOnlyDictionary<string, string>?, Task<PodmanHttpd>> RunHttpd,
    Func<string, Task> RunPostgres,
    Func<string, Task> Stop,
    Func<string, Task> Start,
    Func<string, Task> Remove);
