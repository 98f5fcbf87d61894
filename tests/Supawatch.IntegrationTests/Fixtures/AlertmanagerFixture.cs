using System.Net.Http.Json;
using System.Text.Json;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A real Alertmanager on 127.0.0.1 with clustering off (<c>--cluster.listen-address=</c>, or it gossips on
/// 0.0.0.0:9094). Initialization reserves a port and a temp directory; <see cref="StartAsync"/> writes the test's
/// alertmanager.yml and starts it; it is stopped by PID.
/// </summary>
public sealed class AlertmanagerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private string? _alertmanagerPath;
    private string? _root;
    private ServerProcess? _server;

    public int Port { get; private set; }

    /// <summary>Alertmanager's base address, e.g. http://127.0.0.1:40124.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public string ConfigPath => Path.Combine(_root ?? throw NotInitialized(), "alertmanager.yml");

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        _alertmanagerPath = RequiredTool.Find("prometheus-alertmanager", "prometheus-alertmanager");
        _root = TempDirectory.Create("alertmanager");
        Port = FreePort.Next();
        return Task.CompletedTask;
    }

    /// <summary>Writes <paramref name="configYaml"/> and (re)starts Alertmanager; waits for <c>/-/ready</c>.</summary>
    /// <param name="arguments">More command-line flags, such as <c>--web.external-url</c>.</param>
    public async Task StartAsync(string configYaml, IReadOnlyList<string>? arguments = null)
    {
        var alertmanager = _alertmanagerPath ?? throw NotInitialized();
        await StopAsync();
        await File.WriteAllTextAsync(ConfigPath, configYaml);
        var storage = Directory.CreateDirectory(Path.Combine(_root!, "data")).FullName;
        _server = await ServerProcess.StartReadyAsync(
            "Alertmanager",
            alertmanager,
            [
                $"--config.file={ConfigPath}", $"--storage.path={storage}",
                $"--web.listen-address=127.0.0.1:{Port}", "--cluster.listen-address=", .. arguments ?? [],
            ],
            Path.Combine(_root!, "alertmanager.log"),
            Url,
            StartTimeout);
    }

    /// <summary>The alerts Alertmanager holds (<c>GET /api/v2/alerts</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> GetAlertsAsync() =>
        (await Http.GetFromJsonAsync<JsonElement>($"{Url}/api/v2/alerts")).EnumerateArray().Select(a => a.Clone()).ToList();

    /// <summary>The end of Alertmanager's log, for failure messages.</summary>
    public string LogTail() => _server?.LogTail() ?? "(not running)";

    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await StopAsync();
        if (_root is not null)
        {
            await TempDirectory.DeleteAsync(_root);
            _root = null;
        }
    }

    private static InvalidOperationException NotInitialized() => new("AlertmanagerFixture is not initialized.");
}
