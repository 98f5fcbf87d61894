using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Paging;

/// <summary>
/// One Docker host of the test fleet as the test drives it: its name in <c>DOCKER_HOSTS</c> and the engine behind it
/// (Docker Engine or podman).
/// </summary>
public sealed record FleetHost(string Name, IContainerEngine Engine)
{
    /// <summary>The engine's API address.</summary>
    public string DockerHost => Engine.DockerHost;

    /// <summary>An httpd; with labels it opts in to scraping and serves /metrics.</summary>
    public Task<HttpdContainer> RunHttpd(string name, IReadOnlyDictionary<string, string>? labels) =>
        Engine.RunHttpdAsync(name, labels: labels, servesMetrics: labels is not null);

    public Task RunPostgres(string name) => Engine.RunPostgresDbAsync(name);

    public Task Stop(string name) => Engine.StopAsync(name);

    public Task Start(string name) => Engine.StartAsync(name);

    public Task Remove(string name) => Engine.RemoveAsync(name);
}
