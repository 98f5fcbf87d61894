namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A real prometheus-node-exporter on 127.0.0.1 (a free port), systemd collector off. Its textfile folder
/// lives in the fixture's temp directory, so the command line names the run directory and
/// scripts/cleanup-test-run.sh finds it if a test host dies.
/// </summary>
public sealed class NodeExporterFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private string? _root;
    private ServerProcess? _server;

    /// <summary>The port node_exporter listens on.</summary>
    public int Port { get; private set; }

    /// <summary>host:port, as Prometheus labels the target (<c>instance</c>).</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var nodeExporter = RequiredTool.Find("prometheus-node-exporter", "prometheus-node-exporter");
        _root = TempDirectory.Create("node-exporter");
        Port = FreePort.Next();
        var textfiles = Directory.CreateDirectory(Path.Combine(_root, "textfile")).FullName;
        _server = ServerProcess.Start(
            nodeExporter,
            [$"--web.listen-address={Address}", "--no-collector.systemd", $"--collector.textfile.directory={textfiles}"],
            Path.Combine(_root, "node-exporter.log"));
        var server = _server;
        try
        {
            await Wait.UntilAsync(
                async () => !server.HasExited && (await Http.GetStringAsync($"http://{Address}/metrics")).Contains("node_cpu_seconds_total", StringComparison.Ordinal),
                StartTimeout,
                $"node_exporter to serve node_cpu_seconds_total on {Address}");
        }
        catch (TimeoutException ex)
        {
            var tail = server.LogTail();
            await DisposeAsync();
            throw new InvalidOperationException($"{ex.Message}\n--- node_exporter log ---\n{tail}", ex);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        if (_root is not null)
        {
            await TempDirectory.DeleteAsync(_root);
            _root = null;
        }
    }
}
