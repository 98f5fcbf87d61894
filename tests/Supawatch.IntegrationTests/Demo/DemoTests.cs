using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using Supawatch.Alerting;
using Supawatch.Cli;
using Supawatch.Configuration;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Security;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Demo;

/// <summary>
/// <c>supawatch demo</c> as a new user runs it, with no fleet: the real service against the built-in simulated fleet,
/// scraped by a real Prometheus evaluating the shipped rules. Within a minute the status page shows the simulated
/// organizations and a tenant down, <c>/metrics</c> says the fleet is simulated, and an alert fires. The shell's Docker and
/// master-DB variables point at things that do not exist: the demo must not read them.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DemoTests(PrometheusFixture prometheus, ITestOutputHelper output) : IClassFixture<PrometheusFixture>, IAsyncLifetime
{
    // The rules' for: shortened as every alert test here does; the demo's first fault starts 5 s in, and the shipped
    // KongDown waits 2 min (docs/demo.md says so).
    private static readonly TimeSpan For = TimeSpan.FromSeconds(10);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string _root = TempDirectory.Create("demo");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task Demo_NoFleet_PageMetricsAndAFiringAlertWithinAMinute_NeverReadingTheShellsEngineOrMasterDb()
    {
        var metricsPort = FreePort.Next();
        var statusPort = FreePort.Next();
        var metricsUrl = $"http://127.0.0.1:{metricsPort}";
        var statusUrl = $"http://127.0.0.1:{statusPort}";
        var rulesPath = Path.Combine(prometheus.ConfigDir, AlertRules.FileName);
        var options = ConfigCommand.Load(SupawatchConfiguration.Build(null, new Dictionary<string, string>()));
        await File.WriteAllTextAsync(rulesPath, AlertRules.Render(AlertRules.WithFor(AlertRules.Build(options), For)));
        await prometheus.StartAsync($$"""
            global:
              scrape_interval: 2s
              evaluation_interval: 2s
            rule_files: ["{{rulesPath}}"]
            scrape_configs:
              - job_name: supawatch
                static_configs:
                  - targets: ["127.0.0.1:{{metricsPort}}"]
            """);

        var clock = Stopwatch.StartNew();
        var process = ServerProcess.Start(
            "dotnet",
            [SecretsNeverShownTests.SupawatchDll(), "demo", "--metrics-listen", $"127.0.0.1:{metricsPort}", "--status-listen", $"127.0.0.1:{statusPort}"],
            Path.Combine(_root, "demo.log"),
            new Dictionary<string, string>
            {
                ["TMPDIR"] = _root,
                ["DOCKER_HOST"] = $"unix://{_root}/no-such-engine.sock",
                ["MASTER_DB_URL"] = "postgres://nobody:not-a-secret@127.0.0.1:1/master",
            });
        await using (process)
        {
            try
            {
                await Wait.UntilAsync(
                    async () => (await prometheus.QueryAsync("ALERTS{alertname=\"SupabaseKongDown\",alertstate=\"firing\",instance_id=\"demo_acme_2\"}"))
                        .GetProperty("result").GetArrayLength() == 1,
                    TimeSpan.FromSeconds(60) - clock.Elapsed, "SupabaseKongDown firing for the demo's failing tenant");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}\n--- demo log ---\n{process.LogTail()}", ex);
            }

            output.WriteLine($"SupabaseKongDown firing {clock.Elapsed.TotalSeconds:0.0} s after 'supawatch demo' started (rules' for: {For.TotalSeconds} s)");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));

            var metrics = new Exposition(await Http.GetStringAsync($"{metricsUrl}/metrics"));
            Assert.Equal(1, metrics.Value("supawatch_simulated_fleet"));
            Assert.Equal(0, metrics.Value("supabase_health_check_up", ("instance_id", "demo_acme_2"), ("component", "kong"), ("check", "http"), ("host", "simulated")));
            Assert.Equal(1, metrics.Value("supabase_health_check_up", ("instance_id", "demo_acme_1"), ("component", "kong"), ("check", "http"), ("host", "simulated")));

            // The shell's engine and master DB were never read: every source is the simulated one, and up.
            using var instances = JsonDocument.Parse(await Http.GetStringAsync($"{metricsUrl}/api/v1/instances"));
            foreach (var source in instances.RootElement.GetProperty("sources").EnumerateArray())
            {
                Assert.True(source.GetProperty("up").GetBoolean(), $"source not up: {source}");
            }

            Assert.DoesNotContain("no-such-engine", instances.RootElement.GetRawText(), StringComparison.Ordinal);
            Assert.Equal(7, instances.RootElement.GetProperty("instances").GetArrayLength());

            var page = await Http.GetStringAsync($"{statusUrl}/status");
            Assert.Contains("Acme Corp (simulated)", page, StringComparison.Ordinal);
            Assert.Contains("<p class=\"notice\" id=\"notice\" role=\"note\">Simulated fleet (supawatch demo)", page, StringComparison.Ordinal);
            Assert.Contains("SIMULATED FLEET", process.LogTail(100_000), StringComparison.Ordinal);

            await process.StopAsync();
            Assert.Empty(Directory.GetDirectories(_root, "supawatch-demo-*"));
        }
    }
}
