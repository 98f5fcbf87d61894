using System.IO.Compression;
using System.Net.Http.Headers;
using Npgsql;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.MasterDb;

namespace Supawatch.IntegrationTests.Metrics;

/// <summary>The exporter on real Docker Engine tenants with real PostgreSQL <c>_db</c>s, checked by promtool and a real Prometheus.</summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class ExporterTests(DockerEngineFixture engine, PostgresFixture masterDb, PrometheusFixture prometheus)
    : IClassFixture<PostgresFixture>, IClassFixture<PrometheusFixture>
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(20);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private const string Hostile = "Loja \"Ação\" \\ <b>東京</b>\nsegunda linha x\",org_id=\"1";

    [Fact]
    public async Task Metrics_RealTenants_EverySeedSeriesCarriesTheRightValues()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync("""
            TRUNCATE projects, organizations;
            INSERT INTO organizations VALUES ('o1', 'Acme'), ('o2', 'Globex');
            INSERT INTO projects VALUES ('m1_app_1', 'o1', 'Shop', 'active'), ('m2_app_2', 'o2', 'Blog', 'active');
            """);
        var kong1 = await engine.RunHttpdAsync("m1_app_1_kong");
        var studio1 = await engine.RunHttpdAsync("m1_app_1_studio");
        var db1 = await engine.RunPostgresDbAsync("m1_app_1_db");
        await engine.RunAsync("m1_app_1_functions", BusyboxImage.Reference, "sh", "-c", "while :; do :; done");
        await engine.RunAsync("m2_app_2_kong", "--restart=always", BusyboxImage.Reference, "sh", "-c", "sleep 1; exit 3");
        await using var holder = new NpgsqlConnection(db1.ConnectionString + ";Pooling=false");
        try
        {
            await holder.OpenAsync();
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = masterDb.Url,
                ["SUPAWATCH_STATS_INTERVAL"] = "1",
                ["SUPAWATCH_DB_USER"] = "postgres",
                ["DISCOVERY_INTERVAL"] = "2",
            });

            var metrics = await WaitForAsync(server, m =>
                m.Value("supabase_instance_cpu_usage_percent", ("instance_id", "m1_app_1")) > 20
                && m.Value("supabase_database_connections", ("instance_id", "m1_app_1")) >= 1
                && m.Values("supabase_docker_container_restarts_total", ("container_name", "m2_app_2_kong")) is [>= 1]);

            // Other tests share this engine: count what the API knows rather than assume an empty engine.
            var inventory = await server.InstancesAsync();
            Assert.Equal(inventory.GetProperty("instance_count").GetInt32(), metrics.Value("supabase_instances_total"));
            Assert.Equal(inventory.GetProperty("container_count").GetInt32(), metrics.Value("supabase_docker_containers_total"));
            Assert.Equal(1, metrics.Value("supabase_instances_by_org", ("org_id", "o1"), ("org_name", "Acme")));
            Assert.Equal(1, metrics.Value("supabase_instances_by_org", ("org_id", "o2"), ("org_name", "Globex")));
            Assert.Equal(1, metrics.Value("supabase_instance_status", ("instance_id", "m1_app_1"), ("project_name", "Shop")));
            Assert.Equal(1, metrics.Value("supabase_instance_info", ("instance_id", "m2_app_2"), ("org_name", "Globex"), ("project_name", "Blog")));
            Assert.True(metrics.Value("supabase_instance_uptime_seconds", ("instance_id", "m1_app_1")) > 0);
            Assert.Equal(4, metrics.Values("supabase_docker_container_status", ("instance_id", "m1_app_1")).Count);
            Assert.Equal(1, metrics.Value("supabase_docker_container_status", ("container_name", "m1_app_1_kong"), ("component", "kong"), ("state", "running")));
            Assert.Equal(0, metrics.Value("supabase_docker_container_restarts_total", ("container_name", "m1_app_1_kong")));
            Assert.True(metrics.Value("supabase_instance_memory_usage_bytes", ("instance_id", "m1_app_1")) > 1_000_000, "PostgreSQL uses more than 1 MB");
            Assert.True(metrics.Value("supabase_docker_container_cpu_usage_percent", ("container_name", "m1_app_1_functions")) > 20);
            Assert.True(metrics.Value("supabase_docker_container_memory_usage_bytes", ("container_name", "m1_app_1_db")) > 1_000_000);
            Assert.True(metrics.Value("supabase_database_max_connections", ("instance_id", "m1_app_1")) >= 10);
            Assert.True(metrics.Value("supabase_database_connections_by_state", ("instance_id", "m1_app_1"), ("state", "idle")) >= 1, "the held connection is idle");
            Assert.Empty(metrics.Values("supabase_database_connections", ("instance_id", "m2_app_2")));
            Assert.Equal(0, metrics.Value("supabase_discovery_drift_instances", ("kind", "without_metadata")));
            Assert.Equal(1, metrics.Value("supawatch_source_up", ("source", "docker")));
            Assert.Equal(1, metrics.Value("supawatch_source_up", ("source", "master_db")));
            Assert.NotNull(metrics.Value("process_resident_memory_bytes") ?? metrics.Value("process_working_set_bytes"));

            // A container that dies and comes back under --restart=always: the counter rises, the exit code shows.
            var restarts = metrics.Value("supabase_docker_container_restarts_total", ("container_name", "m2_app_2_kong"))!.Value;
            metrics = await WaitForAsync(server, m => m.Value("supabase_docker_container_restarts_total", ("container_name", "m2_app_2_kong")) > restarts);
            Assert.Equal(3, metrics.Value("supabase_docker_container_last_exit_code", ("container_name", "m2_app_2_kong")));

            // A removed instance's series disappear.
            await engine.RemoveAsync("m2_app_2_kong");
            await masterDb.ExecuteAsync("DELETE FROM projects WHERE instance_id = 'm2_app_2'");
            // The exporter's series go with the inventory; health series follow at the next health round.
            metrics = await WaitForAsync(server, m => !m.Text.Split('\n').Any(l => l.StartsWith("supabase_", StringComparison.Ordinal)
                                                                                    && !l.StartsWith("supabase_health_", StringComparison.Ordinal)
                                                                                    && !l.StartsWith("supabase_instance_health_", StringComparison.Ordinal)
                                                                                    && l.Contains("m2_app_2", StringComparison.Ordinal)));
            Assert.Empty(metrics.Values("supabase_instance_info", ("instance_id", "m2_app_2")));
            Assert.Empty(metrics.Values("supabase_instances_by_org", ("org_id", "o2")));
        }
        finally
        {
            foreach (var name in new[] { kong1.Name, studio1.Name, db1.Name, "m1_app_1_functions", "m2_app_2_kong" })
            {
                await engine.RemoveAsync(name).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [Fact]
    public async Task Metrics_HostileMasterDbValues_PassPromtool_AndReachPrometheusIntact()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync("TRUNCATE projects, organizations; INSERT INTO organizations VALUES ('h1', '<script>alert(1)</script>');");
        await masterDb.ExecuteAsync($"INSERT INTO projects VALUES ('h1_app_1', 'h1', '{Hostile.Replace("'", "''", StringComparison.Ordinal)}', 'active')");
        var kong = await engine.RunHttpdAsync("h1_app_1_kong");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = masterDb.Url,
                ["DISCOVERY_INTERVAL"] = "1",
            });
            var metrics = await WaitForAsync(server, m => m.Value("supabase_instance_info", ("instance_id", "h1_app_1"), ("project_name", Hostile)) == 1);

            var problems = await PromTool.CheckMetricsAsync(metrics.Text);
            Assert.Equal(
                ["supabase_docker_containers_total non-counter metrics should not have \"_total\" suffix",
                 "supabase_instances_total non-counter metrics should not have \"_total\" suffix"],
                problems.Order(StringComparer.Ordinal));
            Assert.Equal(1, metrics.Value("supabase_instances_by_org", ("org_id", "h1"), ("org_name", "<script>alert(1)</script>")));

            await prometheus.StartAsync($$"""
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: supawatch
                    static_configs:
                      - targets: ["{{new Uri(server.MetricsUrl).Authority}}"]
                """);
            await Wait.UntilAsync(async () => (await prometheus.GetActiveTargetsAsync()).Any(t => t.Health == "up"), Live, "Prometheus scraping /metrics");
            var result = await prometheus.QueryAsync("supabase_instance_info{instance_id=\"h1_app_1\"}");
            Assert.Equal(Hostile, result.GetProperty("result")[0].GetProperty("metric").GetProperty("project_name").GetString());
            Assert.Equal("h1", result.GetProperty("result")[0].GetProperty("metric").GetProperty("org_id").GetString());
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    [Fact]
    public async Task Metrics_GzipAndContentType_AsPrometheusExpects()
    {
        await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost });
        using var request = new HttpRequestMessage(HttpMethod.Get, server.MetricsUrl + "/metrics");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await Http.SendAsync(request);
        await using var unzipped = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var text = await new StreamReader(unzipped).ReadToEndAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("# TYPE supabase_instances_total gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusJson_GzipWhenAsked_PlainOtherwise()
    {
        await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost });
        using var request = new HttpRequestMessage(HttpMethod.Get, server.StatusUrl + "/status/api/status.json");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var zipped = await Http.SendAsync(request);
        await using var unzipped = new GZipStream(await zipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var fromGzip = await System.Text.Json.JsonDocument.ParseAsync(unzipped);
        using var plain = await Http.GetAsync(server.StatusUrl + "/status/api/status.json");
        using var fromPlain = System.Text.Json.JsonDocument.Parse(await plain.Content.ReadAsStringAsync());

        Assert.Equal("gzip", Assert.Single(zipped.Content.Headers.ContentEncoding));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(1, fromGzip.RootElement.GetProperty("schema_version").GetInt32());
        Assert.Equal(1, fromPlain.RootElement.GetProperty("schema_version").GetInt32());
    }

    private static async Task<Exposition> WaitForAsync(SupawatchServer server, Func<Exposition, bool> condition, TimeSpan? timeout = null)
    {
        Exposition? last = null;
        try
        {
            await Wait.UntilAsync(async () =>
            {
                last = new Exposition(await Http.GetStringAsync(server.MetricsUrl + "/metrics"));
                return condition(last);
            }, timeout ?? Live, "the expected series on /metrics");
        }
        catch (TimeoutException ex)
        {
            var tenantLines = last?.Text.Split('\n').Where(l => l.StartsWith("supa", StringComparison.Ordinal));
            throw new TimeoutException($"{ex.Message}\nLast exposition:\n{string.Join('\n', tenantLines ?? [])}", ex);
        }

        return last!;
    }
}
