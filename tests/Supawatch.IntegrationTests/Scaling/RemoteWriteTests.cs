using System.Globalization;
using System.Text.Json;
using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Stack;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Scaling;

/// <summary>
/// Beyond one machine, for real (docs/scaling.md): the prometheus.yml <c>stack setup</c> renders with
/// <c>SUPAWATCH_REMOTE_WRITE_URL</c> ships a real Supawatch's fleet (Docker Engine containers) to a real VictoriaMetrics,
/// which then answers the shipped alert expressions as the local Prometheus does; an HA pair (same cluster, two
/// replicas) deduplicates to one series and loses nothing when one replica is SIGKILLed; a receiver outage is
/// buffered in Prometheus's WAL and delivered after. Every process on 127.0.0.1, stopped by PID.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class RemoteWriteTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    private const int FleetSize = 3;
    private const string TenantMetric = "supawatch_test_page_up";
    private static readonly TimeSpan Arrive = TimeSpan.FromSeconds(45);

    /// <summary>Scrapes every second; a gap is a missing second or two, never more, when nothing is lost.</summary>
    private static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(2.5);

    /// <summary>Labels the local Prometheus adds only on the way out (external labels) or the receiver drops.</summary>
    private static readonly HashSet<string> ExternalLabels = ["cluster", "replica", "monitor"];

    [Fact]
    public async Task RenderedRemoteWrite_RealFleet_ReceiverAnswersTheAlertExpressionsLikeTheLocalPrometheus()
    {
        await using var fleet = await Fleet.StartAsync(engine, "rw");
        await using var receiver = await VictoriaMetricsServer.StartNewAsync();
        await using var prometheus = await RenderedPrometheus.StartAsync(fleet.Server.DataDir, fleet.MetricsPort, new StackOptions
        {
            RemoteWriteUrl = receiver.WriteUrl,
            PrometheusCluster = "eu",
            PrometheusReplica = "a",
        });
        Assert.Contains($"url: {receiver.WriteUrl}", prometheus.Yaml, StringComparison.Ordinal);

        await WaitForFleetAsync(prometheus, receiver);
        // The slower rule groups (1 min) run at least once, so their recorded series are there to compare too.
        await Wait.UntilAsync(async () => await prometheus.ScalarAsync("count(count by (__name__) ({__name__=~\".+:.+\"}))") >= 1, TimeSpan.FromSeconds(90), "recording rules evaluated");

        var rules = AlertRules.All(AlertRules.Build(new AlertingOptions())).ToList();
        var queries = new List<string>
        {
            "count by (job) (up)",
            "sum by (job, instance) (up)",
            "count by (__name__) ({job=\"supawatch\"})",
            "count by (__name__) ({job=\"supabase-instances\"})",
            "count by (__name__) ({__name__=~\".+:.+\"})",
            TenantMetric,
            "supabase_instances_total",
        };
        queries.AddRange(rules.Select(rule => rule.Expr));

        var differences = new List<string>();
        var nonEmpty = 0;
        try
        {
            await Wait.UntilAsync(
            async () =>
            {
                // A moment in the past that both have: remote_write sends in batches every few seconds.
                var at = DateTimeOffset.UtcNow.AddSeconds(-8);
                differences = [];
                nonEmpty = 0;
                foreach (var query in queries)
                {
                    var local = Vector(await prometheus.QueryAsync(query, at), withValues: !query.Contains('['));
                    var remote = Vector(await receiver.QueryAsync(query, at), withValues: !query.Contains('['));
                    nonEmpty += local.Count > 0 ? 1 : 0;
                    if (!local.SetEquals(remote))
                    {
                        differences.Add($"{query}\n  local:  {string.Join(" | ", local.Order())}\n  remote: {string.Join(" | ", remote.Order())}");
                    }
                }

                // Both empty is equal too: wait until there is enough data for the comparison to mean something.
                return differences.Count == 0 && nonEmpty >= 8;
            },
            Arrive,
            "the receiver's answers equal the local Prometheus's",
            TimeSpan.FromSeconds(3));
        }
        catch (TimeoutException)
        {
            // The differences of the last round are the failure message below.
        }

        output.WriteLine($"{queries.Count} queries compared ({rules.Count} alert expressions), {nonEmpty} with data");
        Assert.True(differences.Count == 0, $"{differences.Count} of {queries.Count} queries answer differently:\n{string.Join('\n', differences)}");
        Assert.True(nonEmpty >= 8, $"only {nonEmpty} queries returned data: the comparison proves little");

        // Every series carries the external labels on the receiver (replica dropped by its dedup relabelling).
        var remoteSeries = (await receiver.QueryAsync(TenantMetric, DateTimeOffset.UtcNow.AddSeconds(-5))).GetProperty("result");
        Assert.Equal(FleetSize, remoteSeries.GetArrayLength());
        Assert.All(remoteSeries.EnumerateArray(), series =>
        {
            Assert.Equal("eu", series.GetProperty("metric").GetProperty("cluster").GetString());
            Assert.Equal("supawatch", series.GetProperty("metric").GetProperty("monitor").GetString());
            Assert.False(series.GetProperty("metric").TryGetProperty("replica", out _));
            Assert.StartsWith("rw_app_", series.GetProperty("metric").GetProperty("instance_id").GetString(), StringComparison.Ordinal);
        });

        await WriteSizingAsync(prometheus, receiver, "single Prometheus");
    }

    [Fact]
    public async Task HaPair_BothWrite_ReceiverKeepsOneSeriesPerMetric_KillingOneReplicaLeavesNoGap()
    {
        await using var fleet = await Fleet.StartAsync(engine, "ha");
        await using var receiver = await VictoriaMetricsServer.StartNewAsync();
        await using var a = await RenderedPrometheus.StartAsync(fleet.Server.DataDir, fleet.MetricsPort, new StackOptions { RemoteWriteUrl = receiver.WriteUrl, PrometheusCluster = "eu", PrometheusReplica = "a" });
        await using var b = await RenderedPrometheus.StartAsync(fleet.Server.DataDir, fleet.MetricsPort, new StackOptions { RemoteWriteUrl = receiver.WriteUrl, PrometheusCluster = "eu", PrometheusReplica = "b" });
        Assert.Contains("replica: a", a.Yaml, StringComparison.Ordinal);
        Assert.Contains("replica: b", b.Yaml, StringComparison.Ordinal);

        await WaitForFleetAsync(a, receiver);
        await Wait.UntilAsync(
            async () => await b.ScalarAsync($"count({TenantMetric})") == FleetSize
                && await a.ScalarAsync("sum(prometheus_remote_storage_samples_total)") > 0 && await b.ScalarAsync("sum(prometheus_remote_storage_samples_total)") > 0,
            Arrive, "both replicas scraping the fleet and writing");
        await Task.Delay(TimeSpan.FromSeconds(10));

        // One series per tenant metric on the receiver, as many as one replica holds.
        var now = DateTimeOffset.UtcNow.AddSeconds(-3);
        var perReplica = Vector(await a.QueryAsync("{job=\"supabase-instances\"}", now), withValues: false);
        var received = Vector(await receiver.QueryAsync("{job=\"supabase-instances\"}", now), withValues: false);
        Assert.Equal(perReplica.Order(), received.Order());

        var killedAt = DateTimeOffset.UtcNow;
        await a.KillAsync();
        output.WriteLine($"replica a (PID) SIGKILLed at {killedAt:HH:mm:ss.fff}");
        await Wait.UntilAsync(
            async () => (await receiver.ExportAsync(TenantMetric, killedAt, DateTimeOffset.UtcNow)).Values is { Count: FleetSize } all && all.All(t => t[^1] > killedAt.AddSeconds(13)),
            Arrive, "samples from after the kill on the receiver");

        var (from, to) = (killedAt.AddSeconds(-12), killedAt.AddSeconds(12));
        var series = await receiver.ExportAsync(TenantMetric, from, to);
        Assert.Equal(FleetSize, series.Count);
        foreach (var (labels, times) in series)
        {
            Assert.DoesNotContain("replica=", labels, StringComparison.Ordinal);
            var gap = MaxGapOf(times, from, to);
            output.WriteLine($"{labels}: {times.Count} samples in 24 s, largest gap {gap.TotalSeconds:0.0} s; seconds from the kill: {string.Join(' ', times.Select(t => (t - killedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))}");
            Assert.True(gap <= MaxGap, $"{labels}: a {gap.TotalSeconds:0.0} s gap around the kill");
            // Deduplicated: one sample a second, not one per replica (two Prometheus at 1 s would give about 48).
            Assert.InRange(times.Count, 20, 27);
        }

        await WriteSizingAsync(b, receiver, "HA pair (replica b)");
    }

    [Fact]
    public async Task ReceiverDown_PrometheusBuffersInItsWal_EverySampleArrivesAfterItReturns()
    {
        var outage = TimeSpan.FromSeconds(45);
        await using var fleet = await Fleet.StartAsync(engine, "wal");
        await using var receiver = await VictoriaMetricsServer.StartNewAsync();
        await using var prometheus = await RenderedPrometheus.StartAsync(fleet.Server.DataDir, fleet.MetricsPort, new StackOptions { RemoteWriteUrl = receiver.WriteUrl });
        await WaitForFleetAsync(prometheus, receiver);

        var down = DateTimeOffset.UtcNow;
        await receiver.StopAsync();
        await Task.Delay(outage);
        var pending = await prometheus.ScalarAsync("sum(prometheus_remote_storage_samples_pending)");
        var failed = await prometheus.ScalarAsync("sum(prometheus_remote_storage_samples_retried_total)");
        await receiver.StartAsync();
        var back = DateTimeOffset.UtcNow;

        await Wait.UntilAsync(
            async () => (await receiver.ExportAsync(TenantMetric, down, DateTimeOffset.UtcNow)).Values is { Count: FleetSize } all && all.All(t => t[^1] > back.AddSeconds(3)),
            Arrive, "the backlog delivered and live samples flowing again");
        var caughtUp = DateTimeOffset.UtcNow - back;

        // Every sample the local Prometheus took during the outage is on the receiver (a scrape the loaded machine
        // missed is missing on both, so it is not counted as lost).
        var (from, to) = (down.AddSeconds(-5), back.AddSeconds(3));
        var series = await receiver.ExportAsync(TenantMetric, from, to);
        var local = await prometheus.RawSamplesAsync(TenantMetric, from, to);
        Assert.Equal(FleetSize, series.Count);
        Assert.Equal(FleetSize, local.Count);
        foreach (var (labels, times) in series)
        {
            var key = string.Join(',', labels.Split(',').Where(l => !ExternalLabels.Contains(l.Split('=')[0])));
            Assert.True(local.TryGetValue(key, out var taken), $"{key} is not a local series: {string.Join(" | ", local.Keys)}");
            var lost = taken.Where(t => t > from && t <= to).Except(times).ToList();
            output.WriteLine($"{labels}: {times.Count} samples on the receiver, {taken.Count} taken locally over the {outage.TotalSeconds:0} s outage, largest gap {MaxGapOf(times, from, to).TotalSeconds:0.0} s, lost {lost.Count}");
            Assert.True(lost.Count == 0, $"{labels}: {lost.Count} samples of the outage never reached the receiver: {string.Join(' ', lost.Select(t => (t - down).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))} s after it went down");
            Assert.True(times.Count >= (int)(back - down).TotalSeconds, $"{labels}: {times.Count} samples for {(back - down).TotalSeconds:0} s");
        }

        output.WriteLine($"outage {(back - down).TotalSeconds:0.0} s; at its end {pending} samples pending, {failed} retried; backlog delivered {caughtUp.TotalSeconds:0.0} s after the receiver returned");
    }

    private static async Task WaitForFleetAsync(RenderedPrometheus prometheus, VictoriaMetricsServer receiver)
    {
        await Wait.UntilAsync(async () => await prometheus.ScalarAsync($"count({TenantMetric})") == FleetSize, Arrive, $"{FleetSize} tenant targets scraped by the rendered prometheus.yml\n{prometheus.Yaml}");
        await Wait.UntilAsync(
            async () => (await receiver.QueryAsync($"count({TenantMetric})", DateTimeOffset.UtcNow)).GetProperty("result") is { } r && r.GetArrayLength() == 1 && r[0].GetProperty("value")[1].GetString() == FleetSize.ToString(CultureInfo.InvariantCulture),
            Arrive, $"{FleetSize} tenant series on the receiver");
    }

    private async Task WriteSizingAsync(RenderedPrometheus prometheus, VictoriaMetricsServer receiver, string what)
    {
        var rate = await prometheus.ScalarAsync("sum(rate(prometheus_remote_storage_samples_total[30s]))");
        var series = await prometheus.ScalarAsync("prometheus_tsdb_head_series");
        var rss = await prometheus.ScalarAsync("process_resident_memory_bytes{job=\"prometheus\"}");
        var tenantSeries = await prometheus.ScalarAsync("count({instance_id!=\"\"})");
        output.WriteLine($"sizing ({what}): {rate:0} samples/s written, {series} head series ({tenantSeries} with instance_id), Prometheus RSS {rss / 1048576:0} MB, receiver storage {receiver.StorageBytes() / 1024.0:0} KiB");
    }

    /// <summary>An instant vector as comparable strings: labels without external ones, value when asked for.</summary>
    private static HashSet<string> Vector(JsonElement data, bool withValues)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var result = data.GetProperty("result");
        if (data.GetProperty("resultType").GetString() is not "vector")
        {
            set.Add(result.ToString());
            return set;
        }

        foreach (var sample in result.EnumerateArray())
        {
            var labels = string.Join(',', sample.GetProperty("metric").EnumerateObject()
                .Where(l => !ExternalLabels.Contains(l.Name))
                .OrderBy(l => l.Name, StringComparer.Ordinal)
                .Select(l => $"{l.Name}={l.Value.GetString()}"));
            var value = sample.GetProperty("value")[1].GetString()!;
            set.Add(withValues ? $"{{{labels}}} {Round(value)}" : $"{{{labels}}}");
        }

        return set;
    }

    private static string Round(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString("G6", CultureInfo.InvariantCulture) : value;

    /// <summary>The longest stretch without a sample between <paramref name="start"/> and <paramref name="end"/>, the edges included.</summary>
    private static TimeSpan MaxGapOf(List<DateTimeOffset> times, DateTimeOffset start, DateTimeOffset end)
    {
        List<DateTimeOffset> all = [start, .. times, end];
        return all.Zip(all.Skip(1), (x, y) => y - x).Max();
    }

    /// <summary>A small real fleet (<see cref="FleetSize"/> instances, one Kong each serving <c>/metrics</c>) and the Supawatch that watches it.</summary>
    private sealed class Fleet : IAsyncDisposable
    {
        private readonly DockerEngineFixture _engine;
        private readonly List<string> _containers;

        private Fleet(DockerEngineFixture engine, List<string> containers, SupawatchServer server)
        {
            _engine = engine;
            _containers = containers;
            Server = server;
        }

        public SupawatchServer Server { get; }

        public int MetricsPort => new Uri(Server.MetricsUrl).Port;

        public static async Task<Fleet> StartAsync(DockerEngineFixture engine, string prefix)
        {
            var containers = new List<string>();
            try
            {
                for (var i = 1; i <= FleetSize; i++)
                {
                    var name = $"{prefix}_app_{i}_kong";
                    containers.Add(name);
                    await engine.RunHttpdAsync(name);
                }

                var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
                {
                    ["DOCKER_HOST"] = engine.DockerHost,
                    ["DISCOVERY_INTERVAL"] = "2",
                    ["HEALTH_CHECK_INTERVAL"] = "2",
                    ["SUPAWATCH_STATS_INTERVAL"] = "2",
                });
                return new Fleet(engine, containers, server);
            }
            catch
            {
                foreach (var name in containers)
                {
                    await engine.RemoveAsync(name);
                }

                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            foreach (var name in _containers)
            {
                await _engine.RemoveAsync(name);
            }
        }
    }
}
