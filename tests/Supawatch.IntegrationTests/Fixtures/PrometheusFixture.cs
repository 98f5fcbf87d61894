using System.Text.Json;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A real Prometheus on 127.0.0.1. Initialization only reserves a port and a temp directory;
/// <see cref="StartAsync"/> writes the test's prometheus.yml and starts the server, so the YAML can
/// reference <see cref="Url"/> and <see cref="ConfigDir"/> (for file_sd files).
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private string? _prometheusPath;
    private string? _root;
    private ServerProcess? _server;

    /// <summary>The port Prometheus listens on (reserved at initialization).</summary>
    public int Port { get; private set; }

    /// <summary>Prometheus's base address, e.g. http://127.0.0.1:40123.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The directory holding prometheus.yml; put file_sd files and rules here.</summary>
    public string ConfigDir => Path.Combine(_root ?? throw NotInitialized(), "config");

    /// <summary>The config file Prometheus reads.</summary>
    public string ConfigPath => Path.Combine(ConfigDir, "prometheus.yml");

    /// <summary>A config that scrapes Prometheus itself every second.</summary>
    public string SelfScrapeConfig => $"""
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ["127.0.0.1:{Port}"]
        """;

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        _prometheusPath = RequiredTool.Find("prometheus", "prometheus");
        _root = TempDirectory.Create("prometheus");
        Directory.CreateDirectory(ConfigDir);
        Port = FreePort.Next();
        return Task.CompletedTask;
    }

    /// <summary>Writes <paramref name="configYaml"/> and (re)starts Prometheus; waits for <c>/-/ready</c>.</summary>
    public async Task StartAsync(string configYaml)
    {
        var prometheus = _prometheusPath ?? throw NotInitialized();
        await StopAsync();
        await File.WriteAllTextAsync(ConfigPath, configYaml);
        var storage = Directory.CreateDirectory(Path.Combine(_root!, "tsdb")).FullName;
        _server = await ServerProcess.StartReadyAsync(
            "Prometheus",
            prometheus,
            [
                $"--config.file={ConfigPath}", $"--storage.tsdb.path={storage}",
                $"--web.listen-address=127.0.0.1:{Port}", "--web.enable-lifecycle",
            ],
            Path.Combine(_root!, "prometheus.log"),
            Url,
            StartTimeout);
    }

    /// <summary>Writes <paramref name="configYaml"/> and asks the running Prometheus to reload it.</summary>
    public async Task ReloadAsync(string configYaml)
    {
        await File.WriteAllTextAsync(ConfigPath, configYaml);
        using var response = await Http.PostAsync($"{Url}/-/reload", content: null);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Reload failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The active targets from <c>/api/v1/targets</c>.</summary>
    public async Task<IReadOnlyList<PrometheusTarget>> GetActiveTargetsAsync()
    {
        var data = await GetDataAsync("/api/v1/targets?state=active");
        return data.GetProperty("activeTargets").EnumerateArray().Select(target => new PrometheusTarget(
            target.GetProperty("labels").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? string.Empty),
            target.GetProperty("scrapePool").GetString() ?? string.Empty,
            target.GetProperty("scrapeUrl").GetString() ?? string.Empty,
            target.GetProperty("health").GetString() ?? string.Empty,
            target.GetProperty("lastError").GetString() ?? string.Empty)).ToList();
    }

    /// <summary>Runs an instant query and returns the <c>data</c> object (resultType and result).</summary>
    public Task<JsonElement> QueryAsync(string promql) =>
        GetDataAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");

    /// <summary>Stops Prometheus if it runs (SIGTERM, then the process tree killed).</summary>
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

    private static InvalidOperationException NotInitialized() => new("PrometheusFixture is not initialized.");

    private Task<JsonElement> GetDataAsync(string pathAndQuery) => PromApi.GetDataAsync("Prometheus", Url, pathAndQuery);
}
