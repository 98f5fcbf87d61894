using System.Globalization;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Stack;

namespace Supawatch.IntegrationTests.Discovery;

/// <summary>
/// Only real metrics endpoints are scrape targets, each once: a real Prometheus runs the stack's tenant job
/// (<c>supabase-instances</c>, file_sd on the <c>instances.json</c> Supawatch writes) against a real Docker Engine instance
/// whose Kong publishes its proxy (no <c>/metrics</c>: 404) and its Status API (<c>/metrics</c>), a Studio, a real
/// PostgreSQL <c>_db</c>, and a PostgREST-like container that opts in with <c>supawatch.metrics_port</c> and
/// <c>supawatch.metrics_path</c>. Every target is up and the Overview's "targets down" query reads 0.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class MetricsTargetsTests(DockerEngineFixture engine, PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private const string Instance = "mt_app_1";
    private const string TargetsDownPanelQuery = "count(up == 0) or vector(0)";
    private static readonly TimeSpan Scraped = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Serve_HealthyInstance_OnlyMetricsEndpointsAreTargets_AllUp_KongOnlyWithItsSetting()
    {
        var kong = await RunKongAsync($"{Instance}_kong");
        var studio = await engine.RunHttpdAsync($"{Instance}_studio", servesMetrics: false);
        var db = await engine.RunPostgresDbAsync($"{Instance}_db");
        var rest = await engine.RunHttpdAsync($"{Instance}_rest", labels: new Dictionary<string, string> { ["supawatch.metrics_path"] = "/admin/metrics" });
        Directory.CreateDirectory(Path.Combine(rest.WwwDirectory, "admin"));
        await File.WriteAllTextAsync(Path.Combine(rest.WwwDirectory, "admin", "metrics"), "# TYPE postgrest_up gauge\npostgrest_up 1\n");
        // Opts in on a port it does not publish: reported, never a target.
        await engine.RunAsync($"{Instance}_auth", "--label", "supawatch.metrics_port=9122", BusyboxImage.Reference, "sleep", "600");
        try
        {
            // Kong's plugin off (the default): the one container that opts in is the one target.
            await using (var server = await SupawatchServer.StartAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost }))
            {
                await prometheus.StartAsync(TenantJob(server.InstancesFile));
                var targets = await UpTargetsAsync(expected: 1);

                var only = Assert.Single(targets);
                Assert.Equal("rest", only.Labels["component"]);
                Assert.Equal($"http://127.0.0.1:{rest.HostPort}/admin/metrics", only.ScrapeUrl);
                Assert.Equal($"{Instance}_rest", only.Labels["container_name"]);
                Assert.Equal("default", only.Labels["host"]);
                Assert.Equal(0, await TargetsDownAsync());

                var unscraped = (await server.InstancesAsync()).GetProperty("targets").GetProperty("unscraped").EnumerateArray().Select(e => e.GetString()!).ToList();
                Assert.Contains($"{Instance}_auth: metrics port 9122/tcp (label supawatch.metrics_port) is not published on the host; publish it (-p) or fix the port", unscraped);
            }

            // The operator says Kong's Prometheus plugin is on, on its Status API: Kong's metrics port is one more target.
            await using (var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["SUPAWATCH_KONG_METRICS_PORT"] = "8100",
            }))
            {
                await prometheus.ReloadAsync(TenantJob(server.InstancesFile));
                var targets = await UpTargetsAsync(expected: 2);

                Assert.Equal(["kong", "rest"], targets.Select(t => t.Labels["component"]).Order(StringComparer.Ordinal));
                Assert.Equal($"http://127.0.0.1:{kong.StatusPort}/metrics", targets.Single(t => t.Labels["component"] == "kong").ScrapeUrl);
                Assert.Equal(0, await TargetsDownAsync());
                var scraped = string.Join(' ', targets.Select(t => t.ScrapeUrl));
                foreach (var notMetrics in new[] { kong.ProxyPort, studio.HostPort, db.HostPort })
                {
                    Assert.DoesNotContain($":{notMetrics}/", scraped, StringComparison.Ordinal);
                }

                // The proxy port really has no metrics: scraping it (as the old job did) would be down.
                using var http = new HttpClient();
                Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{kong.ProxyPort}/metrics")).StatusCode);
            }
        }
        finally
        {
            foreach (var name in new[] { "kong", "studio", "db", "rest", "auth" })
            {
                await engine.RemoveAsync($"{Instance}_{name}");
            }

            await prometheus.StopAsync();
        }
    }

    /// <summary>The stack's tenant job as <see cref="PrometheusConfig"/> renders it, on this server's file, scraped every second.</summary>
    private static string TenantJob(string instancesFile) => $$"""
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: {{PrometheusConfig.InstancesFileSdJob}}
            file_sd_configs:
              - files: ["{{instancesFile}}"]
                refresh_interval: 1s
        """;

    /// <summary>Waits until this instance has exactly <paramref name="expected"/> targets, every one scraped and up.</summary>
    private async Task<List<PrometheusTarget>> UpTargetsAsync(int expected)
    {
        var targets = new List<PrometheusTarget>();
        await Wait.UntilAsync(
            async () =>
            {
                targets = [.. (await prometheus.GetActiveTargetsAsync()).Where(t => t.Labels.GetValueOrDefault("instance_id") == Instance)];
                return targets.Count == expected && targets.All(t => t.Health == "up");
            },
            Scraped,
            $"{expected} target(s) of {Instance} up");
        Assert.All(targets, t => Assert.Equal(PrometheusConfig.InstancesFileSdJob, t.ScrapePool));
        return targets;
    }

    private async Task<double> TargetsDownAsync()
    {
        var result = (await prometheus.QueryAsync(TargetsDownPanelQuery)).GetProperty("result");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A stand-in for Supabase's Kong with the Prometheus plugin on: the proxy on 8000 (no <c>/metrics</c>) and the
    /// Status API on 8100 serving <c>/metrics</c>, each published on its own free port of 127.0.0.1.
    /// </summary>
    private async Task<(int ProxyPort, int StatusPort)> RunKongAsync(string name)
    {
        var www = Directory.CreateDirectory(Path.Combine(engine.Root, "www", name)).FullName;
        Directory.CreateDirectory(Path.Combine(www, "proxy"));
        Directory.CreateDirectory(Path.Combine(www, "status"));
        await File.WriteAllTextAsync(Path.Combine(www, "proxy", "index.html"), "{\"message\":\"no Route matched with those values\"}\n");
        await File.WriteAllTextAsync(Path.Combine(www, "status", "metrics"), "# TYPE kong_nginx_connections_total gauge\nkong_nginx_connections_total{state=\"active\"} 1\n");
        var (proxy, status) = (FreePort.Next(), FreePort.Next());
        await engine.RunAsync(name,
            "-v", $"{www}:/www:ro", "-p", $"127.0.0.1:{proxy}:8000", "-p", $"127.0.0.1:{status}:8100",
            BusyboxImage.Reference, "sh", "-c", "httpd -p 8000 -h /www/proxy && exec httpd -f -p 8100 -h /www/status");
        using var http = new HttpClient();
        await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    return (await http.GetAsync($"http://127.0.0.1:{status}/metrics")).IsSuccessStatusCode
                           && (await http.GetAsync($"http://127.0.0.1:{proxy}/")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            Scraped,
            $"{name} answering on its proxy and Status API ports");
        return (proxy, status);
    }
}
