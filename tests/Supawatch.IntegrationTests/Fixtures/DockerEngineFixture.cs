namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A real Docker Engine (Debian's <c>dockerd</c>, package docker.io) run as a plain child process with its own data
/// root, exec root, socket and bridge (<see cref="DockerBridge"/> through <c>-b</c>, with <c>--iptables=false
/// --ip-forward=false</c>, so podman's networking and any other dockerd are left alone) in a temp directory, and
/// <see cref="BusyboxImage.Reference"/> imported from the host's busybox. Containers publish on 127.0.0.1 only, through
/// docker-proxy (the userland proxy needs no iptables rule). The engine can be killed and started again (a fault test).
/// Shared by the <see cref="EngineCollectionDefinition"/>; a test that needs an engine of its own creates one with <c>new</c>.
/// </summary>
public sealed class DockerEngineFixture : ContainerEngineFixture
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private string? _dockerd;
    private string? _docker;
    private string? _bridge;
    private ServerProcess? _engine;

    /// <inheritdoc />
    public override string Name => "docker";

    /// <inheritdoc />
    public override string SocketPath => Path.Combine(Root, "docker.sock");

    /// <summary>The engine's PID while it runs.</summary>
    public int? EnginePid => _engine is { HasExited: false } engine ? engine.Pid : null;

    /// <summary>The engine's log (dockerd's stdout and stderr, across restarts).</summary>
    public string LogPath => Path.Combine(Root, "dockerd.log");

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        _dockerd = RequiredTool.Find("dockerd", "docker.io");
        // Debian's client (20.10) matches the engine; /usr/local/bin/docker may be a newer client without compose.
        _docker = File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : RequiredTool.Find("docker", "docker.io");
        var busybox = RequiredTool.RequireFile("/bin/busybox", "busybox-static");
        var root = CreateRoot("dockerd");
        try
        {
            _bridge = await DockerBridge.CreateAsync(root);
            await StartEngineAsync();
            var tar = await BusyboxImage.BuildTarAsync(busybox, root, hostBinaryRoot: true);
            await CliAsync("import", tar, BusyboxImage.Reference);
            File.Delete(tar);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the docker CLI against this engine and returns its trimmed stdout (<see cref="IContainerEngine.CliAsync"/>).</summary>
    public Task<string> DockerAsync(params string[] arguments) => CliAsync(arguments);

    /// <inheritdoc />
    public override Task<ProcessResult> TryCliAsync(params string[] arguments) =>
        ProcessRunner.TryRunAsync(_docker ?? throw NotStarted(), arguments, CommandTimeout, CliEnvironment);

    /// <summary>
    /// SIGKILLs dockerd (a host whose engine died) and waits until it and its containerd have exited; its containers die
    /// with it. containerd follows its parent a moment later, and stays a zombie until whoever adopted it reaps it; a
    /// dockerd started while containerd.pid names a live process or a zombie takes it for a running containerd and times
    /// out on its socket, so the stale PID file goes once containerd is dead.
    /// </summary>
    public override async Task KillEngineAsync()
    {
        if (_engine is null)
        {
            return;
        }

        var containerdPidFile = Path.Combine(Root, "exec", "containerd", "containerd.pid");
        var containerd = File.Exists(containerdPidFile) && int.TryParse(File.ReadAllText(containerdPidFile).Trim(), out var pid) ? pid : (int?)null;
        await _engine.StopAsync(signal: 9, grace: TimeSpan.FromSeconds(20));
        await _engine.DisposeAsync();
        _engine = null;
        if (containerd is { } containerdPid)
        {
            await Wait.UntilAsync(
                () => Task.FromResult(!IsAlive(containerdPid)),
                TimeSpan.FromSeconds(20),
                $"the killed dockerd's containerd (PID {containerdPid}) to exit",
                TimeSpan.FromMilliseconds(50));
            File.Delete(containerdPidFile);
        }
    }

    /// <summary>
    /// Starts the engine and waits for <c>GET /_ping</c>. After <see cref="KillEngineAsync"/> the old process has
    /// exited already (its containerd would otherwise time out); containers that ran come back exited.
    /// </summary>
    public override async Task StartEngineAsync()
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
            "-b", _bridge ?? throw NotStarted(), "--iptables=false", "--ip-forward=false",
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
    public override async Task DisposeAsync()
    {
        if (!HasRoot)
        {
            return;
        }

        if (_engine is { HasExited: false } && _docker is not null)
        {
            // Only this fixture's engine is asked: whatever the tests left on it goes with it.
            var ids = await TryCliAsync("ps", "-aq");
            var all = ids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (all.Length > 0)
            {
                await TryCliAsync(["rm", "-f", .. all]);
            }
        }

        if (_engine is not null)
        {
            // SIGTERM lets dockerd stop its containerd and unmount; the tree is killed if it takes longer.
            await _engine.StopAsync(grace: TimeSpan.FromSeconds(30));
            await _engine.DisposeAsync();
            _engine = null;
        }

        await DockerBridge.DeleteAsync(Root);
        await DeleteRootAsync();
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> HostPostgresArgumentsAsync()
    {
        // Docker has no podman-style --rootfs /:O: the busybox image (with /usr and /etc mount points and merged-/usr
        // links) gets the host's /usr and /etc read-only, and runs as postgres by uid (the image has no passwd).
        var user = (await ProcessRunner.RunAsync("id", ["-u", "postgres"])).StandardOutput.Trim() + ":"
            + (await ProcessRunner.RunAsync("id", ["-g", "postgres"])).StandardOutput.Trim();
        return ["--user", user, "-v", "/usr:/usr:ro", "-v", "/etc:/etc:ro", BusyboxImage.Reference];
    }

    // A zombie (state Z, not yet reaped by whoever adopted it) has exited too.
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not 'Z' and not 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private Dictionary<string, string> CliEnvironment => new() { ["DOCKER_HOST"] = DockerHost };
}
