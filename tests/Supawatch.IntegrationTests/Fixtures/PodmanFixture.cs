using Docker.DotNet;
using Npgsql;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A Docker-compatible Engine API without Docker: <c>podman system service</c> on a private socket, with
/// its own configuration, storage and network in a temp directory, and <see cref="BusyboxImage.Reference"/>
/// built from the host's busybox. Helpers drive containers through the podman CLI on the same storage.
/// Use as a class or collection fixture (<see cref="PodmanCollectionDefinition"/>).
/// </summary>
public sealed class PodmanFixture : IAsyncLifetime
{
    /// <summary>The only image there is: images cannot be pulled here.</summary>
    public const string BusyboxImageReference = BusyboxImage.Reference;

    private const string PostgresBin = "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private string? _root;
    private string? _podmanPath;
    private PodmanConfig? _config;
    private PodmanCli? _cli;
    private ServerProcess? _service;

    /// <summary>The API socket, e.g. /tmp/supawatch-podman-x/podman.sock.</summary>
    public string SocketPath => Path.Combine(Root, "podman.sock");

    /// <summary>The value for DOCKER_HOST: <c>unix://</c> + <see cref="SocketPath"/>.</summary>
    public string DockerHost => "unix://" + SocketPath;

    /// <summary>The fixture's temp directory (configuration, storage, events log, mounted www roots).</summary>
    public string Root => _root ?? throw NotStarted();

    /// <summary>podman's event log (events_logger = "file").</summary>
    public string EventsLogPath => Config.EventsLogPath;

    /// <summary>True while the API service runs.</summary>
    public bool IsServiceRunning => _service is { HasExited: false };

    private PodmanConfig Config => _config ?? throw NotStarted();

    private PodmanCli Cli => _cli ?? throw NotStarted();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _podmanPath = RequiredTool.Find("podman", "podman");
        RequiredTool.Find("runc", "runc");
        var busybox = RequiredTool.RequireFile("/bin/busybox", "busybox-static");
        _root = TempDirectory.Create("podman");
        try
        {
            _config = new PodmanConfig(_root);
            _config.Write(defaultNetwork: null);
            _cli = new PodmanCli(_podmanPath, _config);
            var network = await PodmanNetwork.CreateAsync(_cli, _config, "supawatch-test");
            _config.Write(network);
            await BusyboxImage.BuildAsync(_cli, busybox, _root);
            await StartServiceAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A Docker.DotNet client for <see cref="DockerHost"/>; the caller disposes it.</summary>
    public DockerClient CreateDockerClient() => new DockerClientBuilder().WithEndpoint(new Uri(DockerHost)).Build();

    /// <summary>Runs any podman command against this fixture's storage and returns its stdout.</summary>
    public Task<string> PodmanAsync(params string[] arguments) => Cli.RunAsync(arguments);

    /// <summary><c>podman run -d --name NAME ARGS…</c>: ARGS are options, then the image and command. Returns the id.</summary>
    public Task<string> RunAsync(string name, params string[] arguments) =>
        Cli.RunAsync(["run", "-d", "--name", name, .. arguments]);

    /// <summary>
    /// Runs busybox httpd serving a fresh index.html on 127.0.0.1:<paramref name="hostPort"/> (0 picks a free port) and waits until it answers.
    /// With <paramref name="servesMetrics"/> it also serves a Prometheus exposition at <c>/metrics</c> and opts in as a
    /// scrape target (label <c>supawatch.metrics_port=80</c>), as a tenant's exporter would; without, it is a plain
    /// web server such as Kong's proxy or Studio, which discovery must not scrape.
    /// </summary>
    public async Task<PodmanHttpd> RunHttpdAsync(string name, int hostPort = 0, IReadOnlyDictionary<string, string>? labels = null, bool servesMetrics = true)
    {
        var port = hostPort == 0 ? FreePort.Next() : hostPort;
        var www = Directory.CreateDirectory(Path.Combine(Root, "www", name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(www, "index.html"), $"<html><body>supawatch test page {name}</body></html>\n");
        var allLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>());
        if (servesMetrics)
        {
            await File.WriteAllTextAsync(Path.Combine(www, "metrics"), "# HELP supawatch_test_page_up A test container's own metric.\n# TYPE supawatch_test_page_up gauge\nsupawatch_test_page_up 1\n");
            allLabels.TryAdd("supawatch.metrics_port", "80");
        }

        var id = await RunAsync(name, [
            .. LabelArguments(allLabels), "-v", $"{www}:/www:ro", "-p", $"127.0.0.1:{port}:80",
            BusyboxImageReference, "httpd", "-f", "-p", "80", "-h", "/www",
        ]);
        var httpd = new PodmanHttpd(id, name, port, www);
        await WaitUntilReadyAsync(name, $"httpd {name} at {httpd.Url}", async () =>
        {
            using var response = await Http.GetAsync(httpd.Url);
            return response.IsSuccessStatusCode;
        });
        return httpd;
    }

    /// <summary>
    /// Runs a real PostgreSQL 15 as a tenant <c>_db</c> container: the host's root as an overlay
    /// (<c>--rootfs /:O</c>), initdb in a temp directory inside, host connections trusted, published on
    /// 127.0.0.1:<paramref name="hostPort"/> (0 picks a free port). Waits until it answers SELECT 1.
    /// </summary>
    public async Task<PodmanPostgresDb> RunPostgresDbAsync(string name, int hostPort = 0, IReadOnlyDictionary<string, string>? labels = null)
    {
        RequiredTool.RequireFile($"{PostgresBin}/postgres", "postgresql");
        var port = hostPort == 0 ? FreePort.Next() : hostPort;
        const string Script = $"""
            set -e
            D=$(mktemp -d /tmp/supawatch-db.XXXXXX)
            {PostgresBin}/initdb -D "$D" -U postgres -A trust
            echo "host all all 0.0.0.0/0 trust" >> "$D/pg_hba.conf"
            exec {PostgresBin}/postgres -D "$D" -c listen_addresses=0.0.0.0 -k "$D" -c fsync=off
            """;
        // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for pooled clients to leave.
        var id = await RunAsync(name, [
            .. LabelArguments(labels), "--user", "postgres", "--stop-signal", "SIGINT",
            "-p", $"127.0.0.1:{port}:5432", "--rootfs", "/:O", "/bin/sh", "-c", Script,
        ]);
        var db = new PodmanPostgresDb(id, name, port);
        await WaitUntilReadyAsync(name, $"PostgreSQL container {name} on 127.0.0.1:{port}", async () =>
        {
            await using var connection = new NpgsqlConnection(db.ConnectionString + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return await command.ExecuteScalarAsync() is 1;
        });
        return db;
    }

    /// <summary><c>podman stop -t SECONDS</c> (busybox httpd ignores SIGTERM: it is killed after the timeout).</summary>
    public Task StopAsync(string nameOrId, int timeoutSeconds = 2) =>
        Cli.RunAsync("stop", "-t", timeoutSeconds.ToString(), nameOrId);

    /// <summary><c>podman start</c>.</summary>
    public Task StartAsync(string nameOrId) => Cli.RunAsync("start", nameOrId);

    /// <summary><c>podman kill -s SIGNAL</c>.</summary>
    public Task KillAsync(string nameOrId, string signal = "KILL") => Cli.RunAsync("kill", "-s", signal, nameOrId);

    /// <summary>
    /// <c>podman rm -f -t 0</c>. A <c>--restart=always</c> container caught between exiting and restarting makes podman
    /// refuse with "container state improper"; that race is retried (three tries), anything else fails at once.
    /// </summary>
    public async Task RemoveAsync(string nameOrId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Cli.RunAsync("rm", "-f", "-t", "0", nameOrId);
                return;
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("container state improper", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    /// <summary><c>podman rename</c>.</summary>
    public Task RenameAsync(string nameOrId, string newName) => Cli.RunAsync("rename", nameOrId, newName);

    /// <summary>Stops the API service (SIGTERM, then the process tree killed); containers keep running.</summary>
    public async Task StopServiceAsync()
    {
        if (_service is null)
        {
            return;
        }

        await _service.DisposeAsync();
        _service = null;
        File.Delete(SocketPath);
    }

    /// <summary>Starts the API service on <see cref="SocketPath"/> and waits for <c>GET /_ping</c>.</summary>
    public async Task StartServiceAsync()
    {
        if (IsServiceRunning)
        {
            return;
        }

        var podman = _podmanPath ?? throw NotStarted();
        _service = ServerProcess.Start(podman, ["system", "service", "--time=0", DockerHost], Path.Combine(Root, "service.log"), Config.Environment);
        using var client = UnixSocketHttp.CreateClient(SocketPath, TimeSpan.FromSeconds(2));
        var service = _service;
        try
        {
            await Wait.UntilAsync(
                async () => !service.HasExited && await client.GetStringAsync("_ping") == "OK",
                StartTimeout,
                $"podman API service to answer GET /_ping on {SocketPath}");
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- service log ---\n{service.LogTail()}", ex);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }

        await StopServiceAsync();
        if (_cli is not null)
        {
            // Containers outlive the service (conmon is their parent): remove them all, then the storage.
            await _cli.TryRunAsync("rm", "-a", "-f", "-t", "0");
        }

        await TempDirectory.DeleteAsync(_root);
        _root = null;
    }

    private static IEnumerable<string> LabelArguments(IReadOnlyDictionary<string, string>? labels) =>
        (labels ?? new Dictionary<string, string>()).SelectMany(label => new[] { "--label", $"{label.Key}={label.Value}" });

    private static InvalidOperationException NotStarted() => new("PodmanFixture is not initialized.");

    private async Task WaitUntilReadyAsync(string name, string what, Func<Task<bool>> ready)
    {
        try
        {
            await Wait.UntilAsync(ready, StartTimeout, what, TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException ex)
        {
            var logs = await Cli.TryRunAsync("logs", "--tail", "40", name);
            // A container that never became ready would otherwise stay behind for the collection's later tests.
            await Cli.TryRunAsync("rm", "-f", "-t", "0", name);
            throw new InvalidOperationException($"{ex.Message}\n--- podman logs {name} ---\n{logs.StandardOutput}{logs.StandardError}", ex);
        }
    }
}
