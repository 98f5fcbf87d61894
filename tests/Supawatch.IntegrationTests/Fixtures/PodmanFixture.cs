namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A Docker-compatible Engine API without Docker: <c>podman system service</c> on a private socket, with
/// its own configuration, storage and network in a temp directory, and <see cref="BusyboxImage.Reference"/>
/// built from the host's busybox. Helpers drive containers through the podman CLI on the same storage, which keeps
/// working while the API service is stopped. Shared by the <see cref="EngineCollectionDefinition"/>.
/// </summary>
public sealed class PodmanFixture : ContainerEngineFixture
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private string? _podmanPath;
    private PodmanConfig? _config;
    private PodmanCli? _cli;
    private ServerProcess? _service;

    /// <inheritdoc />
    public override string Name => "podman";

    /// <inheritdoc />
    public override string SocketPath => Path.Combine(Root, "podman.sock");

    /// <summary>podman's event log (events_logger = "file").</summary>
    public string EventsLogPath => Config.EventsLogPath;

    /// <summary>True while the API service runs.</summary>
    public bool IsServiceRunning => _service is { HasExited: false };

    private PodmanConfig Config => _config ?? throw NotStarted();

    private PodmanCli Cli => _cli ?? throw NotStarted();

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        _podmanPath = RequiredTool.Find("podman", "podman");
        RequiredTool.Find("runc", "runc");
        var busybox = RequiredTool.RequireFile("/bin/busybox", "busybox-static");
        var root = CreateRoot("podman");
        try
        {
            _config = new PodmanConfig(root);
            _config.Write(defaultNetwork: null);
            _cli = new PodmanCli(_podmanPath, _config);
            var network = await PodmanNetwork.CreateAsync(_cli, _config, "supawatch-test");
            _config.Write(network);
            await BusyboxImage.BuildAsync(_cli, busybox, root);
            await StartEngineAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs any podman command against this fixture's storage and returns its stdout (<see cref="IContainerEngine.CliAsync"/>).</summary>
    public Task<string> PodmanAsync(params string[] arguments) => CliAsync(arguments);

    /// <inheritdoc />
    public override Task<ProcessResult> TryCliAsync(params string[] arguments) => Cli.TryRunAsync(arguments);

    /// <summary>
    /// <c>podman rm -f -t 0</c>. A <c>--restart=always</c> container caught between exiting and restarting makes podman
    /// refuse with "container state improper"; that race is retried (three tries), anything else fails at once.
    /// </summary>
    public override async Task RemoveAsync(string nameOrId)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await Cli.TryRunAsync("rm", "-f", "-t", "0", nameOrId);
            if (result.ExitCode == 0 || IsNoSuchContainer(result))
            {
                return;
            }

            if (attempt >= 3 || !result.Describe().Contains("container state improper", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(result.Describe());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Stops the API service (SIGTERM, then the process tree killed); containers keep running.</summary>
    public override async Task KillEngineAsync()
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
    public override async Task StartEngineAsync()
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
    public override async Task DisposeAsync()
    {
        if (!HasRoot)
        {
            return;
        }

        await KillEngineAsync();
        if (_cli is not null)
        {
            // Containers outlive the service (conmon is their parent): remove them all, then the storage.
            await _cli.TryRunAsync("rm", "-a", "-f", "-t", "0");
        }

        await DeleteRootAsync();
    }

    /// <inheritdoc />
    protected override Task<IReadOnlyList<string>> HostPostgresArgumentsAsync() =>
        // The host's root as an overlay: writes stay in the container.
        Task.FromResult<IReadOnlyList<string>>(["--user", "postgres", "--rootfs", "/:O"]);
}
