using System.Text.Json;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A real single-node VictoriaMetrics (Debian's <c>victoria-metrics</c>) on 127.0.0.1 with its own temp storage:
/// receives <c>remote_write</c> on <c>/api/v1/write</c> and answers PromQL. Deduplicates HA pairs: the
/// <c>replica</c> label is dropped on ingestion (<c>-relabelConfig</c>) and one sample per
/// <c>-dedup.minScrapeInterval</c> is kept. <see cref="StopAsync"/> and <see cref="StartAsync"/> keep port and data,
/// so a test can take the receiver away and bring it back.
/// </summary>
public sealed class VictoriaMetricsServer : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _binary;
    private readonly FolderServer _server;

    private VictoriaMetricsServer(string binary, string root, int port)
    {
        _binary = binary;
        _server = new FolderServer("VictoriaMetrics", root, "victoria-metrics.log");
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The Prometheus remote-write endpoint.</summary>
    public string WriteUrl => $"{Url}/api/v1/write";

    public string StorageDir => Path.Combine(_server.Root, "data");

    public int? Pid => _server.Pid;

    /// <summary>Starts a fresh receiver that drops <c>replica</c> and deduplicates to one sample per second.</summary>
    public static async Task<VictoriaMetricsServer> StartNewAsync()
    {
        var binary = RequiredTool.Find("victoria-metrics", "victoria-metrics");
        var root = TempDirectory.Create("victoria-metrics");
        await File.WriteAllTextAsync(Path.Combine(root, "relabel.yml"), "- action: labeldrop\n  regex: replica\n");
        var server = new VictoriaMetricsServer(binary, root, FreePort.Next());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the process on the same port and storage (after <see cref="StopAsync"/>).</summary>
    public Task StartAsync() =>
        _server.StartReadyAsync(
            _binary,
            [
                $"-httpListenAddr=127.0.0.1:{Port}", $"-storageDataPath={StorageDir}",
                $"-relabelConfig={Path.Combine(_server.Root, "relabel.yml")}", "-dedup.minScrapeInterval=1s",
                // Answer up to the present: the default hides the last 30 s of data from queries.
                "-search.latencyOffset=0s", "-search.disableCache", "-retentionPeriod=1d",
            ],
            Url);

    /// <summary>Stops the receiver by its PID (SIGTERM); its data stays for <see cref="StartAsync"/>.</summary>
    public Task StopAsync() => _server.StopAsync();

    /// <summary>An instant query at <paramref name="time"/>; returns <c>data</c>.</summary>
    public Task<JsonElement> QueryAsync(string promql, DateTimeOffset time) =>
        PromApi.GetDataAsync("VictoriaMetrics", Url, $"/api/v1/query?query={Uri.EscapeDataString(promql)}&time={PromApi.Unix(time)}");

    /// <summary>
    /// The raw (deduplicated) sample timestamps of every series matching <paramref name="selector"/> between the two
    /// times, keyed by the series' labels; from <c>/api/v1/export</c>.
    /// </summary>
    public async Task<Dictionary<string, List<DateTimeOffset>>> ExportAsync(string selector, DateTimeOffset start, DateTimeOffset end)
    {
        var text = await Http.GetStringAsync($"{Url}/api/v1/export?match[]={Uri.EscapeDataString(selector)}&start={PromApi.Unix(start)}&end={PromApi.Unix(end)}");
        var series = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var labels = PromApi.LabelKey(document.RootElement.GetProperty("metric"));
            var times = document.RootElement.GetProperty("timestamps").EnumerateArray().Select(t => DateTimeOffset.FromUnixTimeMilliseconds(t.GetInt64()));
            if (!series.TryGetValue(labels, out var list))
            {
                series[labels] = list = [];
            }

            list.AddRange(times);
        }

        foreach (var list in series.Values)
        {
            list.Sort();
        }

        return series;
    }

    /// <summary>Bytes under the storage folder.</summary>
    public long StorageBytes() =>
        new DirectoryInfo(StorageDir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    public string LogTail() => _server.LogTail();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
