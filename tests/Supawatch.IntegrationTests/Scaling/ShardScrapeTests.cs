using System.Globalization;
using Supawatch.Discovery;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Stack;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Scaling;

/// <summary>
/// Shards end to end: two real Supawatch replicas (<c>SUPAWATCH_SHARD=0/2</c>, <c>1/2</c>) on a fleet split across two
/// real engines (Docker Engine and podman, both named in each replica's <c>DOCKER_HOSTS</c>), one real Prometheus scraping
/// both replicas and the union of their <c>/sd</c>, on the prometheus.yml <c>stack setup</c> renders with
/// <c>SUPAWATCH_SHARD_REPLICAS</c> (docs/scaling.md). The fleet is chosen so that each replica owns instances on both engines.
/// Then two more Prometheus split the replicas' targets with <c>hashmod</c>: between them, every instance once.
/// Prometheus scrapes every instance exactly once, and keeps doing so while one replica restarts: it keeps the last
/// targets of an <c>http_sd</c> that does not answer, and the tenants' endpoints do not go through Supawatch.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class ShardScrapeTests(DockerEngineFixture docker, PodmanFixture podman, PrometheusFixture prometheus, ITestOutputHelper output)
    : IClassFixture<PrometheusFixture>
{
    private const int FleetSize = 6;
    private const int PerEngine = FleetSize / 2;
    private static readonly TimeSpan Arrive = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task TwoShards_OnAFleetAcrossTwoEngines_ScrapedTogether_CoverTheFleetExactlyOnce_AlsoAcrossAReplicaRestart()
    {
        // Three instances per engine, each engine's split over both shards: docker 2 + 1, podman 1 + 2.
        var shard0 = new Shard(0, 2);
        var candidates = Enumerable.Range(1, 100).Select(i => $"shs_app_{i}").ToList();
        var onDocker = candidates.Where(shard0.Owns).Take(2).Concat(candidates.Where(id => !shard0.Owns(id)).Take(1)).ToList();
        var onPodman = candidates.Except(onDocker).Where(shard0.Owns).Take(1).Concat(candidates.Except(onDocker).Where(id => !shard0.Owns(id)).Take(2)).ToList();
        var ids = onDocker.Concat(onPodman).ToList();
        Assert.Equal(FleetSize, ids.Distinct().Count());
        var owned = ids.Where(shard0.Owns).ToList();
        var replicas = new[] { Replica(0), Replica(1) };
        var servers = new SupawatchServer?[2];
        try
        {
            foreach (var id in onDocker)
            {
                await docker.RunHttpdAsync($"{id}_kong");
            }

            foreach (var id in onPodman)
            {
                await podman.RunHttpdAsync($"{id}_kong");
            }

            for (var i = 0; i < 2; i++)
            {
                servers[i] = await SupawatchServer.StartAsync(replicas[i]);
            }

            var a = replicas[0]["SUPAWATCH_METRICS_LISTEN"];
            var b = replicas[1]["SUPAWATCH_METRICS_LISTEN"];
            // The layout `stack setup` renders for SUPAWATCH_SHARD_REPLICAS, its /sd refreshed every second instead of
            // every 30 s so that every refresh during the restart fails.
            var options = new StackOptions { ShardReplicas = $"{a},{b}", PrometheusPort = prometheus.Port, NodeExporterPort = FreePort.Next(), AlertmanagerPort = FreePort.Next() };
            var yaml = PrometheusConfig.Render(PrometheusConfig.Build(StackRuntime.Native, StackPorts.From(options), TimeSpan.FromSeconds(1), scale: options));
            Assert.Contains($"url: http://{b}/sd", yaml, StringComparison.Ordinal);
            await prometheus.StartAsync(yaml.Replace("refresh_interval: 30s", "refresh_interval: 1s", StringComparison.Ordinal));
            await Wait.UntilAsync(async () => await ScalarAsync("count(up{job=\"supabase-instances\",instance_id=~\"shs_.*\"} == 1)") == FleetSize, Arrive, "every instance scraped");
            await Wait.UntilAsync(async () => await ScalarAsync("sum(supabase_instances_total)") == FleetSize, Arrive, "the replicas' instance totals adding up to the fleet");
            Assert.Equal(PerEngine, await ScalarAsync("count(up{job=\"supabase-instances\",instance_id=~\"shs_.*\",host=\"dk\"} == 1)"));
            Assert.Equal(PerEngine, await ScalarAsync("count(up{job=\"supabase-instances\",instance_id=~\"shs_.*\",host=\"pm\"} == 1)"));

            // Each replica's /sd holds its own part; together the whole fleet, once.
            var sdA = await SdTargetsAsync(a);
            var sdB = await SdTargetsAsync(b);
            Assert.Equal(owned.Order(), sdA.Select(t => t.Id).Order());
            Assert.Equal(ids.Except(owned).Order(), sdB.Select(t => t.Id).Order());
            // Each replica reads both engines and holds targets from both.
            Assert.Equal(["dk", "pm"], sdA.Select(t => t.Host).Distinct().Order());
            Assert.Equal(["dk", "pm"], sdB.Select(t => t.Host).Distinct().Order());
            Assert.All(sdA.Concat(sdB), t => Assert.Equal(onDocker.Contains(t.Id) ? "dk" : "pm", t.Host));

            // The range starts a second on (its start is cut to the second): not at an instant before the wait's query,
            // when the last discovered targets had no `up` yet.
            var before = DateTimeOffset.UtcNow.AddSeconds(1);
            await Task.Delay(TimeSpan.FromSeconds(3));
            await servers[1]!.DisposeAsync();
            servers[1] = null;
            await Wait.UntilAsync(async () => await ScalarAsync("up{job=\"supawatch\",instance=\"" + b + "\"}") == 0, Arrive, "Prometheus seeing replica 1 gone");
            servers[1] = await SupawatchServer.StartAsync(replicas[1]);
            await Wait.UntilAsync(async () => await ScalarAsync("sum(up{job=\"supawatch\"})") == 2, Arrive, "replica 1 back");
            await Task.Delay(TimeSpan.FromSeconds(3));
            var after = DateTimeOffset.UtcNow;

            // At every second of the run, restart included: each instance scraped, none twice.
            var scraped = await RangeAsync("count(up{job=\"supabase-instances\",instance_id=~\"shs_.*\"} == 1)", before, after);
            var twice = await RangeAsync("max(count by (instance_id) (up{job=\"supabase-instances\",instance_id=~\"shs_.*\"}))", before, after);
            var replicasUp = await RangeAsync("sum(up{job=\"supawatch\"})", before, after);
            output.WriteLine($"{scraped.Count} seconds checked; replicas up per second: {string.Join(' ', replicasUp.Select(v => v.ToString(CultureInfo.InvariantCulture)))}");
            Assert.True(replicasUp.Contains(1), "the restart was not seen by Prometheus: the test proves nothing");
            Assert.True(scraped.Count >= (int)(after - before).TotalSeconds - 1, $"only {scraped.Count} points");
            Assert.All(scraped, value => Assert.Equal(FleetSize, value));
            Assert.All(twice, value => Assert.Equal(1, value));
            Assert.Equal(FleetSize, await ScalarAsync("sum(supabase_instances_total)"));

            // The same replicas scraped by two Prometheus that split the targets with hashmod (a Prometheus shard each,
            // as a fleet too large for one Prometheus would): between them every instance once.
            var shards = new[] { new PrometheusFixture(), new PrometheusFixture() };
            try
            {
                for (var i = 0; i < shards.Length; i++)
                {
                    await shards[i].InitializeAsync();
                    await shards[i].StartAsync(HashmodYaml([a, b], i, shards.Length));
                }

                var split = new List<string>[shards.Length];
                await Wait.UntilAsync(
                    async () =>
                    {
                        for (var i = 0; i < shards.Length; i++)
                        {
                            split[i] = await ScrapedInstanceIdsAsync(shards[i]);
                        }

                        return split.SelectMany(part => part).Distinct().Count() == FleetSize;
                    },
                    Arrive,
                    "the two hashmod Prometheus scraping the whole fleet between them");
                output.WriteLine($"hashmod split: {string.Join(" | ", split.Select(part => string.Join(',', part.Order())))}");
                Assert.Equal(ids.Order(), split.SelectMany(part => part).Order());
            }
            finally
            {
                foreach (var shard in shards)
                {
                    await shard.DisposeAsync();
                }
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                if (server is not null)
                {
                    await server.DisposeAsync();
                }
            }

            foreach (var id in onDocker)
            {
                await docker.RemoveAsync($"{id}_kong");
            }

            foreach (var id in onPodman)
            {
                await podman.RemoveAsync($"{id}_kong");
            }

            await prometheus.StopAsync();
            foreach (var replica in replicas)
            {
                await TempDirectory.DeleteAsync(replica["SUPAWATCH_DATA_DIR"]);
            }
        }
    }

    /// <summary>One replica's variables: its shard, fixed listeners and data folder, so a restart is the same replica.</summary>
    private Dictionary<string, string> Replica(int shard) => new()
    {
        ["DOCKER_HOSTS"] = $"dk={docker.DockerHost};pm={podman.DockerHost}",
        ["SUPAWATCH_SHARD"] = $"{shard}/2",
        ["DISCOVERY_INTERVAL"] = "2",
        ["SUPAWATCH_DATA_DIR"] = TempDirectory.Create($"shard-{shard}"),
        ["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
        ["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
    };

    /// <summary>This test's targets (instance id, Docker host name) on a replica's <c>/sd</c> (the replica listens where its variables say).</summary>
    private static async Task<List<(string Id, string Host)>> SdTargetsAsync(string listen)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"http://{listen}/sd"));
        return [.. document.RootElement.EnumerateArray()
            .Select(group => group.GetProperty("labels"))
            .Select(labels => (Id: labels.GetProperty("instance_id").GetString()!, Host: labels.GetProperty("host").GetString()!))
            .Where(target => target.Id.StartsWith("shs_", StringComparison.Ordinal))];
    }

    /// <summary>A Prometheus that takes every replica's <c>/sd</c> and keeps the targets whose address hashes to <paramref name="index"/>.</summary>
    private static string HashmodYaml(IEnumerable<string> replicas, int index, int count) => $$"""
        global: { scrape_interval: 1s }
        scrape_configs:
          - job_name: supabase-instances
            http_sd_configs:
        {{string.Join('\n', replicas.Select(replica => $"      - {{ url: 'http://{replica}/sd', refresh_interval: 1s }}"))}}
            relabel_configs:
              - { source_labels: [__address__], modulus: {{count}}, target_label: __tmp_shard, action: hashmod }
              - { source_labels: [__tmp_shard], regex: '{{index}}', action: keep }
        """;

    /// <summary>This test's instances a Prometheus scrapes successfully now.</summary>
    private static async Task<List<string>> ScrapedInstanceIdsAsync(PrometheusFixture shard) =>
        [.. (await shard.QueryAsync("up{job=\"supabase-instances\",instance_id=~\"shs_.*\"} == 1")).GetProperty("result").EnumerateArray()
            .Select(series => series.GetProperty("metric").GetProperty("instance_id").GetString()!)];

    private async Task<double> ScalarAsync(string promql)
    {
        var result = (await prometheus.QueryAsync(promql)).GetProperty("result");
        return result.GetArrayLength() == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private async Task<List<double>> RangeAsync(string promql, DateTimeOffset start, DateTimeOffset end)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = $"{prometheus.Url}/api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={start.ToUnixTimeSeconds()}&end={end.ToUnixTimeSeconds()}&step=1";
        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(url));
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? [] : result[0].GetProperty("values").EnumerateArray()
            .Select(v => double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)).ToList();
    }
}
