using System.Text.Json;
using Supawatch.Discovery;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.MasterDb;

namespace Supawatch.IntegrationTests.Discovery;

/// <summary>
/// <c>supawatch serve</c> against a real Docker Engine, a real PostgreSQL master DB and a real Prometheus:
/// tenants are found, merged with their organizations, followed live and handed to Prometheus.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class DiscoveryTests(DockerEngineFixture engine, PodmanFixture podman, PostgresFixture masterDb, PrometheusFixture prometheus)
    : IClassFixture<PostgresFixture>, IClassFixture<PrometheusFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);
    private const string HostileProject = "<script>alert(\"x\")</script>\nShop \\ \"São Paulo\" 東京";

    public async Task InitializeAsync()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync("""
            TRUNCATE projects, organizations;
            INSERT INTO organizations VALUES ('org1', 'Acme'), ('org2', 'Globex');
            INSERT INTO projects VALUES
              ('d1_app_1', 'org1', 'Shop', 'active'),
              ('d2_app_2', 'org2', NULL, 'active'),
              ('d3_app_3', 'org2', 'Registered only', 'paused');
            """);
        await masterDb.ExecuteAsync($"UPDATE projects SET name = '{HostileProject.Replace("'", "''", StringComparison.Ordinal)}' WHERE instance_id = 'd2_app_2'");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Serve_TenantsOfTwoOrgs_AreMergedWithTheMasterDb_AndScrapedByPrometheus()
    {
        var kong1 = await engine.RunHttpdAsync("d1_app_1_kong");
        var studio1 = await engine.RunHttpdAsync("d1_app_1_studio");
        var db1 = await engine.RunPostgresDbAsync("d1_app_1_db");
        var kong2 = await engine.RunHttpdAsync("d2_app_2_kong");
        var labelled = await engine.RunHttpdAsync("not-a-seed-name", labels: new Dictionary<string, string>
        {
            ["supawatch.instance_id"] = "d4_app_4",
            ["supawatch.component"] = "studio",
        });
        var bystander = await engine.RunHttpdAsync("prometheus-sidecar");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = masterDb.Url,
            });
            await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).Contains("d2_app_2"), Live, "tenants on /sd");

            // /sd may show a cold start's targets before the inspects finish (targets first): wait for the complete inventory.
            var inventory = await server.InstancesAsync();
            await Wait.UntilAsync(async () => (inventory = await server.InstancesAsync()).GetProperty("complete").GetBoolean(), Live, "the inventory complete");
            var byId = inventory.GetProperty("instances").EnumerateArray().ToDictionary(i => i.GetProperty("instance_id").GetString()!);
            // Other tests share this engine; this test owns the d*_app_* instances.
            Assert.Equal(["d1_app_1", "d2_app_2", "d3_app_3", "d4_app_4"], byId.Keys.Where(k => k.StartsWith('d') && k.Contains("_app_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.Equal("Acme", byId["d1_app_1"].GetProperty("org_name").GetString());
            Assert.Equal("Shop", byId["d1_app_1"].GetProperty("project_name").GetString());
            Assert.Equal(3, byId["d1_app_1"].GetProperty("containers").GetArrayLength());
            Assert.True(byId["d1_app_1"].GetProperty("running").GetBoolean());
            Assert.Equal(HostileProject, byId["d2_app_2"].GetProperty("project_name").GetString());
            Assert.Equal("paused", byId["d3_app_3"].GetProperty("expected_state").GetString());

            var kong = byId["d1_app_1"].GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("component").GetString() == "kong");
            Assert.Equal("running", kong.GetProperty("state").GetString());
            Assert.Equal(kong1.HostPort, kong.GetProperty("ports")[0].GetProperty("host_port").GetInt32());
            Assert.Equal("127.0.0.1", kong.GetProperty("ports")[0].GetProperty("host_ip").GetString());
            Assert.False(string.IsNullOrEmpty(kong.GetProperty("started_at").GetString()));
            Assert.Equal(0, kong.GetProperty("restart_count").GetInt32());

            var drift = inventory.GetProperty("drift");
            Assert.Equal(["d3_app_3"], Strings(drift.GetProperty("without_containers")));
            Assert.Equal(["d4_app_4"], Strings(drift.GetProperty("without_metadata")));
            Assert.Equal(["d2_app_2", "d4_app_4"], Strings(drift.GetProperty("missing_components")));

            // /sd answers from memory; the file_sd copy is written just after (from the container list first, on a cold start).
            var file = default(JsonElement);
            await Wait.UntilAsync(async () =>
            {
                if (!File.Exists(server.InstancesFile))
                {
                    return false;
                }

                file = JsonDocument.Parse(await File.ReadAllTextAsync(server.InstancesFile)).RootElement;
                return file.EnumerateArray().Any(g => g.GetProperty("labels").GetProperty("container_name").GetString() == "d1_app_1_kong"
                                                      && g.GetProperty("labels").TryGetProperty("org_id", out _));
            }, Live, "d1_app_1_kong in instances.json");
            var kongGroup = file.EnumerateArray().Single(g => g.GetProperty("labels").GetProperty("container_name").GetString() == "d1_app_1_kong");
            Assert.Equal($"127.0.0.1:{kong1.HostPort}", kongGroup.GetProperty("targets")[0].GetString());
            Assert.Equal("org1", kongGroup.GetProperty("labels").GetProperty("org_id").GetString());
            Assert.Equal("Acme", kongGroup.GetProperty("labels").GetProperty("org_name").GetString());
            Assert.DoesNotContain(file.EnumerateArray(), g => g.GetProperty("labels").GetProperty("container_name").GetString() == bystander.Name);

            await prometheus.StartAsync($$"""
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: supabase-file
                    file_sd_configs:
                      - files: ["{{server.InstancesFile}}"]
                        refresh_interval: 1s
                  - job_name: supabase-kong
                    http_sd_configs:
                      - url: "{{server.MetricsUrl}}/sd?component=kong"
                        refresh_interval: 1s
                """);
            // The four httpd containers serve /metrics and opt in (supawatch.metrics_port); PostgreSQL serves none.
            await Wait.UntilAsync(
                async () => (await prometheus.GetActiveTargetsAsync()).Count(t => t.ScrapePool == "supabase-kong") == 2
                            && (await prometheus.GetActiveTargetsAsync()).Count(t => t.ScrapePool == "supabase-file") == 4,
                TimeSpan.FromSeconds(30), "Prometheus picking up file_sd and http_sd targets");

            var targets = await prometheus.GetActiveTargetsAsync();
            var scrapedKong = targets.Single(t => t.ScrapePool == "supabase-kong" && t.Labels["instance_id"] == "d2_app_2");
            Assert.Equal(HostileProject, scrapedKong.Labels["project_name"]);
            Assert.Equal("Globex", scrapedKong.Labels["org_name"]);
            Assert.DoesNotContain(targets, t => t.Labels.GetValueOrDefault("component") == "db");
        }
        finally
        {
            foreach (var name in new[] { kong1.Name, studio1.Name, db1.Name, kong2.Name, labelled.Name, bystander.Name })
            {
                await engine.RemoveAsync(name);
            }
        }
    }

    /// <summary>
    /// The event names differ (Docker: <c>kill</c>, <c>die</c>, <c>stop</c>, <c>destroy</c>; podman: <c>died</c> then only
    /// <c>died</c> on stop and <c>remove</c>): the inventory follows both, from events alone (no reconcile for an hour).
    /// </summary>
    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public async Task Serve_ContainersComeGoAndRename_InventoryFollowsWithinSeconds(string engineName)
    {
        var host = EngineNamed(engineName);
        await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = host.DockerHost,
            ["DISCOVERY_INTERVAL"] = "3600",
        });
        await Wait.UntilAsync(async () => (await server.GetAsync("/readyz")).IsSuccessStatusCode, Live, "readiness");

        var kong = await host.RunHttpdAsync("live_app_1_kong");
        await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).Contains("live_app_1"), Live, "new instance on /sd");

        await host.StopAsync(kong.Name, timeoutSeconds: 0);
        await Wait.UntilAsync(async () => await StateOfAsync(server, "live_app_1", "kong") == "exited", Live, "stopped state");
        Assert.Contains("live_app_1", await server.SdInstanceIdsAsync());

        await host.RenameAsync(kong.Name, "renamed_app_9_kong");
        await Wait.UntilAsync(
            async () => (await server.SdInstanceIdsAsync()) is var ids && ids.Contains("renamed_app_9") && !ids.Contains("live_app_1"),
            Live, "rename followed");

        await host.RemoveAsync("renamed_app_9_kong");
        await Wait.UntilAsync(async () => !(await server.SdInstanceIdsAsync()).Contains("renamed_app_9"), Live, "removed instance gone from /sd");
        // /sd answers from the inventory at once; the file is written a moment later by the targets service.
        await Wait.UntilAsync(
            async () => !(await File.ReadAllTextAsync(server.InstancesFile)).Contains("renamed_app_9", StringComparison.Ordinal),
            Live, "removed instance gone from instances.json");
    }

    [Fact]
    public async Task Serve_PodmanApiServiceStopsAndStarts_KeepsTargetsThenCatchesUp()
    {
        var kong = await podman.RunHttpdAsync("eng_app_1_kong");
        var studio = await podman.RunHttpdAsync("eng_app_1_studio");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = podman.DockerHost,
                ["DISCOVERY_INTERVAL"] = "3600",
            });
            await Wait.UntilAsync(
                async () => File.Exists(server.InstancesFile) && (await File.ReadAllTextAsync(server.InstancesFile)).Contains("eng_app_1_studio", StringComparison.Ordinal),
                Live, "instance written to instances.json");
            var before = await File.ReadAllTextAsync(server.InstancesFile);

            await podman.KillEngineAsync();
            await Wait.UntilAsync(
                async () => !(await server.SourceAsync(DiscoveryHealth.DockerEvents)).GetProperty("up").GetBoolean(),
                Live, "event stream reported down");
            Assert.Contains("eng_app_1", await server.SdInstanceIdsAsync());
            Assert.Equal(before, await File.ReadAllTextAsync(server.InstancesFile));

            // A change while nobody is watching the event stream: only the reconcile after reconnect can see it.
            await podman.RemoveAsync(studio.Name);
            await podman.StartEngineAsync();

            await Wait.UntilAsync(
                async () => (await server.SdAsync()).EnumerateArray().All(g => g.GetProperty("labels").GetProperty("component").GetString() != "studio"
                                                                             || g.GetProperty("labels").GetProperty("instance_id").GetString() != "eng_app_1"),
                TimeSpan.FromSeconds(45), "reconcile after reconnect");
            Assert.True((await server.SourceAsync(DiscoveryHealth.Docker)).GetProperty("up").GetBoolean());
            await Wait.UntilAsync(
                async () => (await server.SourceAsync(DiscoveryHealth.DockerEvents)).GetProperty("up").GetBoolean(),
                Live, "event stream back up");

            await podman.RunHttpdAsync("eng_app_2_kong");
            await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).Contains("eng_app_2"), Live, "events flow again after reconnect");
        }
        finally
        {
            foreach (var name in new[] { kong.Name, studio.Name, "eng_app_2_kong" })
            {
                await podman.RemoveAsync(name).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [Theory]
    [InlineData("query", "MASTER_DB_QUERY")]
    [InlineData("server", "MASTER_DB_URL")]
    public async Task Serve_MasterDbOutage_KeepsLastGoodOrgLabels_NamesTheFix_AndRecovers(string outage, string variableToFix)
    {
        Func<Task> breakIt = outage == "query" ? () => masterDb.ExecuteAsync("ALTER TABLE projects RENAME TO projects_moved") : masterDb.StopServerAsync;
        Func<Task> repair = outage == "query" ? () => masterDb.ExecuteAsync("ALTER TABLE projects_moved RENAME TO projects") : masterDb.StartServerAsync;
        var kong = await engine.RunHttpdAsync("d1_app_1_kong");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = masterDb.Url,
                ["DISCOVERY_INTERVAL"] = "1",
            });
            await Wait.UntilAsync(async () => OrgOf(await server.InstancesAsync(), "d1_app_1") == "Acme", Live, "org label");

            await breakIt();
            try
            {
                await Wait.UntilAsync(
                    async () => !(await server.SourceAsync(DiscoveryHealth.MasterDb)).GetProperty("up").GetBoolean(),
                    Live, "master DB reported down");
                Assert.Contains(variableToFix, (await server.SourceAsync(DiscoveryHealth.MasterDb)).GetProperty("last_error").GetString(), StringComparison.Ordinal);
                Assert.Equal("Acme", OrgOf(await server.InstancesAsync(), "d1_app_1"));
                Assert.Contains("d1_app_1", await server.SdInstanceIdsAsync());
                Assert.Contains("Acme", await File.ReadAllTextAsync(server.InstancesFile), StringComparison.Ordinal);
            }
            finally
            {
                await repair();
            }

            await Wait.UntilAsync(async () => (await server.SourceAsync(DiscoveryHealth.MasterDb)).GetProperty("up").GetBoolean(), Live, "master DB recovered");
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    private static async Task<string?> StateOfAsync(SupawatchServer server, string instanceId, string component) =>
        (await server.InstancesAsync()).GetProperty("instances").EnumerateArray()
            .Where(i => i.GetProperty("instance_id").GetString() == instanceId)
            .SelectMany(i => i.GetProperty("containers").EnumerateArray())
            .Where(c => c.GetProperty("component").GetString() == component)
            .Select(c => c.GetProperty("state").GetString())
            .FirstOrDefault();

    private static string? OrgOf(JsonElement inventory, string instanceId) =>
        inventory.GetProperty("instances").EnumerateArray()
            .Where(i => i.GetProperty("instance_id").GetString() == instanceId)
            .Select(i => i.GetProperty("org_name").GetString())
            .FirstOrDefault();

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task Serve_TargetSetChanges_ReloadsPrometheus()
    {
        await prometheus.StartAsync(prometheus.SelfScrapeConfig);
        await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["PROMETHEUS_URL"] = prometheus.Url,
        });
        await Wait.UntilAsync(async () => (await server.GetAsync("/readyz")).IsSuccessStatusCode, Live, "readiness");
        await Wait.UntilAsync(async () => await LastReloadAsync() > 0, Live, "Prometheus scraping itself");
        var reloadedBefore = await LastReloadAsync();

        var kong = await engine.RunHttpdAsync("rl_app_1_kong");
        var studio = await engine.RunHttpdAsync("rl_app_1_studio");
        try
        {
            await Wait.UntilAsync(
                async () => (await server.InstancesAsync()).GetProperty("targets").GetProperty("last_reload").ValueKind == JsonValueKind.String,
                Live, "a reload after the targets changed");
            Assert.Equal(JsonValueKind.Null, (await server.InstancesAsync()).GetProperty("targets").GetProperty("reload_error").ValueKind);
            await Wait.UntilAsync(async () => await LastReloadAsync() > reloadedBefore, Live, "Prometheus recording the reload");
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
            await engine.RemoveAsync(studio.Name);
        }
    }

    private async Task<double> LastReloadAsync()
    {
        var data = await prometheus.QueryAsync("prometheus_config_last_reload_success_timestamp_seconds");
        return data.GetProperty("result").GetArrayLength() == 0
            ? 0
            : double.Parse(data.GetProperty("result")[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private IContainerEngine EngineNamed(string name) => name == "podman" ? podman : engine;
}
