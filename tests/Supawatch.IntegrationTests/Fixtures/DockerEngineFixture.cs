using Npgsql;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A real Docker Engine (Debian's <c>dockerd</c>, package docker.io) run as a plain child process with its own data
/// root, exec root, socket and bridge (<c>--bip 172.31.250.1/24 --ip-forward=false</c>, so podman's networking is left
/// alone) in a temp directory, and <see cref="BusyboxImage.Reference"/> imported from the host's busybox. Containers
/// publish on 127.0.0.1 only. The engine can be killed and started again (a fault test). Use as a class fixture.
/// </summary>
public sealed class DockerEngineFixture : IAsyncLifetime
{
    private const string PostgresBin = "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private string? _root;
    private string? _dockerd;
    private string? _docker;
    private ServerProcess? _engine;

    /// <summary>The fixture's temp directory (data and exec roots, socket, log, www roots).</summary>
    public string Root => _root ?? throw NotStarted();

    /// <summary>The API socket.</summary>
    public string SocketPath => Path.Combine(Root, "docker.sock");

    /// <summary>The value for DOCKER_HOST: <c>unix://</c> + <see cref="SocketPath"/>.</summary>
    public string DockerHost => "unix://" + SocketPath;

    /// <summary>The engine's PID while it runs.</summary>
    public int? EnginePid => _engine is { HasExited: false } engine ? engine.Pid : null;

    /// <summary>The engine's log (dockerd's stdout and stderr, across restarts).</summary>
    public string LogPath => Path.Combine(Root, "dockerd.log");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _dockerd = RequiredTool.Find("dockerd", "docker.io");
        // Debian's client (20.10) matches the engine; /usr/local/bin/docker may be a newer client without compose.
        _docker = File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : RequiredTool.Find("docker", "docker.io");
        var busybox = RequiredTool.RequireFile("/bin/busybox", "busybox-static");
        _root = TempDirectory.Create("dockerd");
        try
        {
            await StartEngineAsync();
            var tar = await BusyboxImage.BuildTarAsync(busybox, _root, hostBinaryRoot: true);
            await DockerAsync("import", tar, BusyboxImage.Reference);
            File.Delete(tar);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the docker CLI against this engine and returns its trimmed stdout; throws with its output on failure.</summary>
    public async Task<string> DockerAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync(_docker ?? throw NotStarted(), arguments, CommandTimeout, CliEnvironment)).StandardOutput.Trim();

    /// <summary><c>docker run -d --name NAME ARGS…</c>. Returns the id.</summary>
    public Task<string> RunAsync(string name, params string[] arguments) => DockerAsync(["run", "-d", "--name", name, .. arguments]);

    /// <summary>Runs busybox httpd serving a fresh index.html on 127.0.0.1 (a free port) and waits until it answers.</summary>
    public async Task<PodmanHttpd> RunHttpdAsync(string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var port = FreePort.Next();
        var www = Directory.CreateDirectory(Path.Combine(Root, "www", name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(www, "index.html"), $"<html><body>supawatch test page {name}</body></html>\n");
        var id = await RunAsync(name, [
            .. LabelArguments(labels), "-v", $"{www}:/www:ro", "-p", $"127.0.0.1:{port}:80",
            BusyboxImage.Reference, "httpd", "-f", "-p", "80", "-h", "/www",
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
    /// Runs a real PostgreSQL 15 as a tenant <c>_db</c>: the busybox image with the host's /usr and /etc bind-mounted
    /// read-only runs the host's postgres as the postgres user (by uid: the image has no passwd of its own), initdb in
    /// the container's /tmp, host connections trusted, published on 127.0.0.1 (a free port). Waits until it answers SELECT 1.
    /// </summary>
    public async Task<PodmanPostgresDb> RunPostgresDbAsync(string name)
    {
        RequiredTool.RequireFile($"{PostgresBin}/postgres", "postgresql");
        var port = FreePort.Next();
        var user = (await ProcessRunner.RunAsync("id", ["-u", "postgres"])).StandardOutput.Trim() + ":"
            + (await ProcessRunner.RunAsync("id", ["-g", "postgres"])).StandardOutput.Trim();
        const string Script = $"""
            set -e
            D=$(mktemp -d /tmp/supawatch-db.XXXXXX)
            {PostgresBin}/initdb -D "$D" -U postgres -A trust >/dev/null
            echo "host all all 0.0.0.0/0 trust" >> "$D/pg_hba.conf"
            exec {PostgresBin}/postgres -D "$D" -c listen_addresses=0.0.0.0 -k "$D" -c fsync=off
            """;
        var id = await RunAsync(name, [
            "--user", user, "--stop-signal", "SIGINT", "-v", "/usr:/usr:ro", "-v", "/etc:/etc:ro",
            "-p", $"127.0.0.1:{port}:5432", BusyboxImage.Reference, "/bin/sh", "-c", Script,
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

    /// <summary><c>docker stop -t SECONDS</c> (busybox httpd ignores SIGTERM: it is killed after the timeout).</summary>
    public Task StopAsync(string nameOrId, int timeoutSeconds = 2) => DockerAsync("stop", "-t", timeoutSeconds.ToString(), nameOrId);

    /// <summary><c>docker start</c>.</summary>
    public Task StartAsync(string nameOrId) => DockerAsync("start", nameOrId);

    /// <summary><c>docker rm -f</c>.</summary>
    public Task RemoveAsync(string nameOrId) => DockerAsync("rm", "-f", nameOrId);

    /// <summary>SIGKILLs the engine (a host whose engine died) and waits until that process has exited.</summary>
    public async Task KillEngineAsync()
    {
        if (_engine is null)
        {
            return;
        }

        await _engine.StopAsync(signal: 9, grace: TimeSpan.FromSeconds(20));
        await _engine.DisposeAsync();
        _engine = null;
    }

    /// <summary>
    /// Starts the engine and waits for <c>GET /_ping</c>. After <see cref="KillEngineAsync"/> the old process has
    /// exited already (its containerd would otherwise time out); containers that ran come back exited.
    /// </summary>
    public async Task StartEngineAsync()
    {
        if (_engine is { HasExited: false })
        {
            return;
        }

        var dockerd = _dockerd ?? throw NotStarted();
        File.Delete(SocketPath);
        _engine = ServerProcess.Start(dockerd, [
            "--data-root", Path.Combine(Root, "root"), "--exec-root", Path.Combine(Root, "exec"),
            "--pidfile", Path.Combine(Root, "dockerd.pid"), "-H", DockerHost,
            "--ip-forward=false", "--bip", "172.31.250.1/24",
        ], LogPath);
        using var client = UnixSocketHttp.CreateClient(SocketPath, TimeSpan.FromSeconds(2));
        var engine = _engine;
        try
        {
            await Wait.UntilAsync(
                async () => !engine.HasExited && await client.GetStringAsync("_ping") == "OK",
                StartTimeout,
                $"dockerd to answer GET /_ping on {SocketPath}",
                TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- dockerd log ---\n{engine.LogTail()}", ex);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }

        if (_engine is { HasExited: false } && _docker is not null)
        {
            var ids = await ProcessRunner.TryRunAsync(_docker, ["ps", "-aq"], CommandTimeout, CliEnvironment);
            var all = ids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (all.Length > 0)
            {
                await ProcessRunner.TryRunAsync(_docker, ["rm", "-f", .. all], CommandTimeout, CliEnvironment);
            }
        }

        if (_engine is not null)
        {
            // SIGTERM lets dockerd stop its containerd and unmount; the tree is killed if it takes longer.
            await _engine.StopAsync(grace: TimeSpan.FromSeconds(30));
            await _engine.DisposeAsync();
            _engine = null;
        }

        await TempDirectory.DeleteAsync(_root);
        _root = null;
    }

    private Dictionary<string, string> CliEnvironment => new() { ["DOCKER_HOST"] = DockerHost };

    private static IEnumerable<string> LabelArguments(IReadOnlyDictionary<string, string>? labels) =>
        (labels ?? new Dictionary<string, string>()).SelectMany(label => new[] { "--label", $"{label.Key}={label.Value}" });

    private static InvalidOperationException NotStarted() => new("DockerEngineFixture is not initialized.");

    private async Task WaitUntilReadyAsync(string name, string what, Func<Task<bool>> ready)
    {
        try
        {
            await Wait.UntilAsync(ready, StartTimeout, what, TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException ex)
        {
            var logs = await ProcessRunner.TryRunAsync(_docker!, ["logs", "--tail", "40", name], CommandTimeout, CliEnvironment);
            await ProcessRunner.TryRunAsync(_docker!, ["rm", "-f", name], CommandTimeout, CliEnvironment);
            throw new InvalidOperationException($"{ex.Message}\n--- docker logs {name} ---\n{logs.StandardOutput}{logs.StandardError}", ex);
        }
    }
}
