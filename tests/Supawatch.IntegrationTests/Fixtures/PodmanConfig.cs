namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// One fixture's own podman configuration. containers.conf carries what this cgroup v1 kernel needs
/// (runc, cgroupfs, file events, explicit ulimits); it and storage.conf put every path podman writes
/// (images, containers, file locks, events, network definitions) under one temp root, so a fixture
/// never meets another podman user's state — not even another test run's on the same machine.
/// </summary>
internal sealed class PodmanConfig(string root)
{
    // conmon runs "podman --runroot <dir> container cleanup" when a container exits, and podman rejects a
    // --runroot over 50 characters: the container would then stay "stopped" and never become "exited".
    private const int MaxRunRootLength = 50;

    public string Root { get; } = root;

    public string RunRoot => Path.Combine(Root, "run");

    public string ContainersConfPath => Path.Combine(Root, "containers.conf");

    public string StorageConfPath => Path.Combine(Root, "storage.conf");

    public string NetworkConfigDirectory => Path.Combine(Root, "networks");

    public string EventsLogPath => Path.Combine(Root, "events", "events.log");

    /// <summary>The variables that point the podman CLI and service at this configuration.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["CONTAINERS_CONF"] = ContainersConfPath,
        ["CONTAINERS_STORAGE_CONF"] = StorageConfPath,
    };

    /// <summary>Writes both files; <paramref name="defaultNetwork"/> is null until the fixture's network exists.</summary>
    public void Write(string? defaultNetwork)
    {
        if (RunRoot.Length > MaxRunRootLength)
        {
            throw new InvalidOperationException(
                $"podman runroot '{RunRoot}' is longer than {MaxRunRootLength} characters; use a shorter TMPDIR or {TempDirectory.RunDirectoryVariable}.");
        }

        Directory.CreateDirectory(NetworkConfigDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(EventsLogPath)!);
        var network = defaultNetwork is null ? string.Empty : $"default_network = \"{defaultNetwork}\"\n";
        File.WriteAllText(ContainersConfPath, $"""
            [containers]
            default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
            log_driver = "k8s-file"

            [engine]
            runtime = "runc"
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            events_logfile_path = "{EventsLogPath}"
            tmp_dir = "{Path.Combine(Root, "libpod")}"
            # Private file locks: the default shared-memory locks are machine-wide, and a fresh tmp_dir
            # makes podman free them all, including other podman users' locks.
            lock_type = "file"

            [network]
            network_config_dir = "{NetworkConfigDirectory}"
            {network}
            """);
        File.WriteAllText(StorageConfPath, $"""
            [storage]
            driver = "overlay"
            graphroot = "{Path.Combine(Root, "storage")}"
            runroot = "{RunRoot}"
            """);
    }
}
