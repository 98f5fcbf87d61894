using Docker.DotNet;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A container engine a test drives: real Docker Engine (<see cref="DockerEngineFixture"/>) or podman's Docker-compatible
/// API (<see cref="PodmanFixture"/>). Tests are written once against this and run on either; the engines' own
/// differences stay visible in what Supawatch sees, not in the test code. Containers publish on 127.0.0.1 only and
/// run <see cref="BusyboxImage.Reference"/>, the only image there is.
/// </summary>
public interface IContainerEngine
{
    /// <summary><c>docker</c> or <c>podman</c>: for test names, messages and the figures a test prints.</summary>
    string Name { get; }

    /// <summary>The value for DOCKER_HOST: <c>unix://</c> + <see cref="SocketPath"/>.</summary>
    string DockerHost { get; }

    /// <summary>The engine's API socket.</summary>
    string SocketPath { get; }

    /// <summary>The fixture's temp directory (the engine's state, its log, mounted www roots).</summary>
    string Root { get; }

    /// <summary>Runs the engine's CLI (<c>docker …</c> or <c>podman …</c>) and returns its trimmed stdout; throws with its output on failure.</summary>
    Task<string> CliAsync(params string[] arguments);

    /// <summary><c>run -d --name NAME ARGS…</c>: ARGS are options, then the image and command. Returns the id.</summary>
    Task<string> RunAsync(string name, params string[] arguments);

    /// <summary>
    /// Runs busybox httpd serving a fresh index.html on 127.0.0.1:<paramref name="hostPort"/> (0 picks a free port) and
    /// waits until it answers. With <paramref name="servesMetrics"/> it also serves a Prometheus exposition at
    /// <c>/metrics</c> and opts in as a scrape target (label <c>supawatch.metrics_port=80</c>), as a tenant's exporter
    /// would; without, it is a plain web server such as Kong's proxy or Studio, which discovery must not scrape.
    /// </summary>
    Task<HttpdContainer> RunHttpdAsync(string name, int hostPort = 0, IReadOnlyDictionary<string, string>? labels = null, bool servesMetrics = true);

    /// <summary>
    /// Runs a real PostgreSQL 15 (the host's binaries) as a tenant <c>_db</c>, host connections trusted, published on
    /// 127.0.0.1:<paramref name="hostPort"/> (0 picks a free port). Waits until it answers SELECT 1.
    /// </summary>
    Task<PostgresContainer> RunPostgresDbAsync(string name, int hostPort = 0, IReadOnlyDictionary<string, string>? labels = null);

    /// <summary><c>stop -t SECONDS</c> (busybox httpd ignores SIGTERM: it is killed after the timeout).</summary>
    Task StopAsync(string nameOrId, int timeoutSeconds = 2);

    /// <summary><c>start</c>.</summary>
    Task StartAsync(string nameOrId);

    /// <summary><c>kill -s SIGNAL</c>.</summary>
    Task KillAsync(string nameOrId, string signal = "KILL");

    /// <summary><c>pause</c> (the cgroup freezer).</summary>
    Task PauseAsync(string nameOrId);

    /// <summary><c>unpause</c>.</summary>
    Task UnpauseAsync(string nameOrId);

    /// <summary><c>rename</c>.</summary>
    Task RenameAsync(string nameOrId, string newName);

    /// <summary><c>rm -f</c>, at once; a container that is already gone is not an error.</summary>
    Task RemoveAsync(string nameOrId);

    /// <summary>
    /// Takes the engine's API away and waits until it has gone. Docker Engine: dockerd is SIGKILLed, and its containers
    /// die with it (they come back <c>Exited (137)</c>). podman: the API service stops, containers keep running, and
    /// <see cref="CliAsync"/> still works on the storage.
    /// </summary>
    Task KillEngineAsync();

    /// <summary>Starts the engine's API again and waits for <c>GET /_ping</c>.</summary>
    Task StartEngineAsync();

    /// <summary>A Docker.DotNet client for <see cref="DockerHost"/>; the caller disposes it.</summary>
    DockerClient CreateDockerClient();
}
