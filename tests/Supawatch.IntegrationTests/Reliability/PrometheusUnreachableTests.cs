using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Reliability;

/// <summary>
/// Prometheus unreachable when a reload is due (its port closed), then started: the targets file is written
/// regardless, the failed reload is reported and retried, and the retry reaches the real Prometheus once it is up.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class PrometheusUnreachableTests(DockerEngineFixture engine, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(30);
    private readonly PrometheusFixture _prometheus = new();

    public Task InitializeAsync() => _prometheus.InitializeAsync();

    public Task DisposeAsync() => _prometheus.DisposeAsync();

    [Fact]
    public async Task Serve_PrometheusDownWhenReloadIsDue_WritesTargetsReportsAndRetriesUntilItAnswers()
    {
        // Initialized, not started: its port is chosen and nothing listens there yet.
        await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["PROMETHEUS_URL"] = _prometheus.Url,
            ["DISCOVERY_INTERVAL"] = "2",
        });
        var kong = await engine.RunHttpdAsync("prom_app_1_kong");
        try
        {
            await Wait.UntilAsync(
                async () => File.Exists(server.InstancesFile) && (await File.ReadAllTextAsync(server.InstancesFile)).Contains("prom_app_1", StringComparison.Ordinal),
                Live, "instances.json written although Prometheus is down");
            await Wait.UntilAsync(async () => Targets(await server.InstancesAsync()).GetProperty("reload_error").ValueKind == JsonValueKind.String,
                Live, "the failed reload reported");
            var failed = Targets(await server.InstancesAsync());
            Assert.Contains("PROMETHEUS_URL", failed.GetProperty("reload_error").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, failed.GetProperty("last_reload").ValueKind);
            Assert.Equal(JsonValueKind.Null, failed.GetProperty("write_error").ValueKind);
            Assert.Contains("prom_app_1", await server.SdInstanceIdsAsync());
            await server.MetricsWhenAsync(m => new Exposition(m) is var e
                                               && e.Value("supawatch_prometheus_reload_up") == 0
                                               && e.Value("supawatch_prometheus_reload_errors_total") >= 1
                                               && e.Value("supawatch_targets_file_up") == 1,
                "the failed reload on /metrics, the file written");

            await _prometheus.StartAsync(_prometheus.SelfScrapeConfig);
            var prometheusUp = System.Diagnostics.Stopwatch.StartNew();

            // Retried every 15 s after a failure: the next try finds Prometheus up, nobody restarts anything.
            await Wait.UntilAsync(async () => Targets(await server.InstancesAsync()).GetProperty("last_reload").ValueKind == JsonValueKind.String,
                TimeSpan.FromSeconds(45), "the retried reload to succeed");
            output.WriteLine($"reload succeeded {prometheusUp.Elapsed.TotalSeconds:0.0} s after Prometheus came up (retry period 15 s)");
            Assert.Equal(JsonValueKind.Null, Targets(await server.InstancesAsync()).GetProperty("reload_error").ValueKind);
            Assert.Contains("prom_app_1", await File.ReadAllTextAsync(server.InstancesFile), StringComparison.Ordinal);
            await server.MetricsWhenAsync(m => new Exposition(m).Value("supawatch_prometheus_reload_up") == 1, "the recovered reload on /metrics");
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    private static JsonElement Targets(JsonElement inventory) => inventory.GetProperty("targets");
}
