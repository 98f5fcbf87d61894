using System.Globalization;
using System.Text.Json;
using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Stack;

namespace Supawatch.IntegrationTests.Scaling;

/// <summary>
/// A real Prometheus on the <c>prometheus.yml</c> that <c>stack setup</c> renders (<see cref="PrometheusConfig.Build"/>,
/// native runtime, with <see cref="ScaleConfig"/>'s remote_write and HA labels) in a stack-shaped folder: <c>data/</c> is
/// the Supawatch data folder (its <c>instances.json</c> is the tenants' file_sd) and <c>alerts/</c> holds the shipped rules.
/// Stopped or killed by its PID.
/// </summary>
public sealed class RenderedPrometheus : IAsyncDisposable
{
    private readonly FolderServer _server;

    private RenderedPrometheus(string root, int port, string yaml)
    {
        _server = new FolderServer("Prometheus", root, "prometheus.log");
        Port = port;
        Yaml = yaml;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The rendered prometheus.yml.</summary>
    public string Yaml { get; }

    public int Pid => _server.Pid ?? throw new InvalidOperationException("Prometheus is not running.");

    /// <param name="supawatchDataDir">The data folder of the Supawatch this stack scrapes.</param>
    /// <param name="supawatchPort">Its metrics port on 127.0.0.1.</param>
    /// <param name="scale">remote_write and HA labels, as the operator sets them.</param>
    public static async Task<RenderedPrometheus> StartAsync(string supawatchDataDir, int supawatchPort, StackOptions scale)
    {
        var binary = RequiredTool.Find("prometheus", "prometheus");
        var root = TempDirectory.Create("rendered-prometheus");
        var port = FreePort.Next();
        scale.Bind = "127.0.0.1";
        scale.PrometheusPort = port;
        scale.SupawatchPort = supawatchPort;
        scale.NodeExporterPort = FreePort.Next();
        scale.AlertmanagerPort = FreePort.Next();
        var errors = new List<string>();
        ScaleConfig.Validate(scale, errors);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        var yaml = PrometheusConfig.Render(PrometheusConfig.Build(StackRuntime.Native, StackPorts.From(scale), TimeSpan.FromSeconds(1), scale: scale));
        await File.WriteAllTextAsync(Path.Combine(root, StackLayout.PrometheusFileName), yaml);
        Directory.CreateSymbolicLink(Path.Combine(root, "data"), supawatchDataDir);
        Directory.CreateDirectory(Path.Combine(root, AlertingFiles.Folder));
        await File.WriteAllTextAsync(Path.Combine(root, AlertingFiles.Folder, AlertRules.FileName), AlertRules.Render(AlertRules.Build(new AlertingOptions())));

        var prometheus = new RenderedPrometheus(root, port, yaml);
        await prometheus._server.StartReadyAsync(
            binary,
            [
                $"--config.file={Path.Combine(root, StackLayout.PrometheusFileName)}", $"--storage.tsdb.path={Path.Combine(root, "tsdb")}",
                $"--web.listen-address=127.0.0.1:{port}",
            ],
            prometheus.Url);
        return prometheus;
    }

    /// <summary>SIGKILL by PID: no shutdown, no last flush.</summary>
    public Task KillAsync() => _server.KillAsync();

    public Task<JsonElement> QueryAsync(string promql, DateTimeOffset time) =>
        GetDataAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}&time={PromApi.Unix(time)}");

    /// <summary>A one-number query's value now (0 when empty).</summary>
    public async Task<double> ScalarAsync(string promql)
    {
        var result = (await GetDataAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}")).GetProperty("result");
        return result.GetArrayLength() == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Every value of a one-series range query, one per <paramref name="step"/>.</summary>
    public async Task<List<(DateTimeOffset Time, double Value)>> RangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var data = await GetDataAsync($"/api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={PromApi.Unix(start)}&end={PromApi.Unix(end)}&step={step.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        var result = data.GetProperty("result");
        return result.GetArrayLength() == 0 ? [] : result[0].GetProperty("values").EnumerateArray()
            .Select(v => (DateTimeOffset.FromUnixTimeMilliseconds((long)(v[0].GetDouble() * 1000)), double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>The raw sample timestamps of <paramref name="selector"/> in (<paramref name="start"/>, <paramref name="end"/>], keyed by labels.</summary>
    public async Task<Dictionary<string, List<DateTimeOffset>>> RawSamplesAsync(string selector, DateTimeOffset start, DateTimeOffset end)
    {
        var seconds = (int)Math.Ceiling((end - start).TotalSeconds);
        var data = await QueryAsync($"{selector}[{seconds}s]", end);
        return data.GetProperty("result").EnumerateArray().ToDictionary(
            series => PromApi.LabelKey(series.GetProperty("metric")),
            series => series.GetProperty("values").EnumerateArray().Select(v => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(v[0].GetDouble() * 1000))).ToList(),
            StringComparer.Ordinal);
    }

    public string LogTail() => _server.LogTail();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task<JsonElement> GetDataAsync(string pathAndQuery) => PromApi.GetDataAsync("Prometheus", Url, pathAndQuery);
}
