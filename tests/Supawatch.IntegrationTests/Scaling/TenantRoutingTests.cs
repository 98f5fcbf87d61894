using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Stack;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Scaling;

/// <summary>
/// Per-organization tenants for real (docs/scaling.md): the prometheus.yml <c>stack setup</c> renders for
/// <c>SUPAWATCH_REMOTE_WRITE_KIND=victoriametrics</c> with <c>Stack:RemoteWriteOrgTenants</c> (one remote_write per
/// organization, <c>keep</c> on its <c>org_id</c>, and a default one that drops them) writes to a real VictoriaMetrics
/// multi-tenant endpoint: <c>vmagent</c> 1.79 with <c>-remoteWrite.multitenantURL</c> accepts vminsert's
/// <c>/insert/{tenant}/prometheus/api/v1/write</c> and forwards each tenant on its own to <c>/insert/{tenant}:0/…</c>.
/// Debian has no VictoriaMetrics cluster, so each tenant's storage is a single-node VictoriaMetrics serving only that
/// tenant's path (<c>-http.pathPrefix=/insert/{tenant}:0/prometheus</c>); vmagent sends every tenant to all three and each
/// store refuses the paths that are not its own. Each store must then hold exactly its organization's series.
/// </summary>
public sealed class TenantRoutingTests(ITestOutputHelper output)
{
    private const string Metric = "supawatch_test_tenant_up";

    /// <summary>The series Prometheus itself writes for every target, with the target's labels.</summary>
    private static readonly string[] PerTarget = ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"];
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task RenderedOrgTenants_ThroughVmagentsMultitenantPaths_EachTenantHoldsOnlyItsOrganizationsSeries()
    {
        var vmBinary = RequiredTool.Find("victoria-metrics", "victoria-metrics");
        var vmagentBinary = RequiredTool.Find("vmagent", "victoria-metrics");
        var root = TempDirectory.Create("tenant-routing");
        var dataDir = Path.Combine(root, "supawatch-data");
        Directory.CreateDirectory(dataDir);
        var expositions = new[] { new ExpositionServer(), new ExpositionServer(), new ExpositionServer() };
        // Instance, organization (none: the default tenant), expected tenant.
        var fleet = new[] { (Id: "tr_a1", Org: "o1", Tenant: "11"), (Id: "tr_b1", Org: "o2", Tenant: "22"), (Id: "tr_c1", Org: (string?)null, Tenant: "0") };
        var stores = new Dictionary<string, (ServerProcess Process, string Url)>(StringComparer.Ordinal);
        ServerProcess? vmagent = null;
        RenderedPrometheus? prometheus = null;
        try
        {
            foreach (var exposition in expositions)
            {
                exposition.Text = $"# TYPE {Metric} gauge\n{Metric} 1\n";
            }

            await File.WriteAllTextAsync(Path.Combine(dataDir, "instances.json"), FileSd(fleet.Select((f, i) => (expositions[i].Target, f.Id, f.Org))));
            foreach (var tenant in fleet.Select(f => f.Tenant))
            {
                var port = FreePort.Next();
                var url = $"http://127.0.0.1:{port}/insert/{tenant}:0/prometheus";
                var process = await ServerProcess.StartReadyAsync(
                    $"VictoriaMetrics tenant {tenant}",
                    vmBinary,
                    [$"-httpListenAddr=127.0.0.1:{port}", $"-storageDataPath={Path.Combine(root, $"vm-{tenant}")}", $"-http.pathPrefix=/insert/{tenant}:0/prometheus"],
                    Path.Combine(root, $"vm-{tenant}.log"),
                    url,
                    TimeSpan.FromSeconds(30));
                stores[tenant] = (process, url);
            }

            var agentPort = FreePort.Next();
            vmagent = await ServerProcess.StartReadyAsync(
                "vmagent",
                vmagentBinary,
                [
                    $"-httpListenAddr=127.0.0.1:{agentPort}", $"-remoteWrite.tmpDataPath={Path.Combine(root, "vmagent")}",
                    $"-remoteWrite.multitenantURL={string.Join(',', stores.Values.Select(s => new Uri(s.Url).GetLeftPart(UriPartial.Authority)))}",
                ],
                Path.Combine(root, "vmagent.log"),
                $"http://127.0.0.1:{agentPort}",
                TimeSpan.FromSeconds(30));

            var options = new StackOptions
            {
                RemoteWriteUrl = $"http://127.0.0.1:{agentPort}/insert/{RemoteWriteKinds.TenantPlaceholder}/prometheus/api/v1/write",
                RemoteWriteKind = RemoteWriteKinds.VictoriaMetrics,
                RemoteWriteOrgTenants = fleet.Where(f => f.Org is not null).ToDictionary(f => f.Org!, f => f.Tenant),
            };
            prometheus = await RenderedPrometheus.StartAsync(dataDir, FreePort.Next(), options);
            foreach (var (_, _, tenant) in fleet)
            {
                Assert.Contains($"/insert/{tenant}/prometheus/api/v1/write", prometheus.Yaml, StringComparison.Ordinal);
            }

            var held = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);
            await Wait.UntilAsync(
                async () =>
                {
                    foreach (var (tenant, store) in stores)
                    {
                        held[tenant] = await SeriesAsync(store.Url);
                    }

                    return fleet.All(f => held[f.Tenant].Any(s => s["__name__"] == Metric && s.GetValueOrDefault("instance_id") == f.Id));
                },
                TimeSpan.FromSeconds(60),
                "every tenant's store holding its instance's series");
            // A few more seconds of writes, so a series routed to the wrong tenant would have arrived too.
            await Task.Delay(TimeSpan.FromSeconds(4));
            foreach (var (tenant, store) in stores)
            {
                held[tenant] = await SeriesAsync(store.Url);
                output.WriteLine($"tenant {tenant}: {held[tenant].Count} series; instance_id {string.Join(",", held[tenant].Select(s => s.GetValueOrDefault("instance_id", "-")).Distinct().Order())}");
            }

            foreach (var (id, org, tenant) in fleet.Where(f => f.Org is not null))
            {
                // The organization's tenant holds its instance's series (the exposition and Prometheus's own series of the
                // scrape, which carry the target's labels), nothing else.
                Assert.All(held[tenant], s => Assert.Equal(org, s.GetValueOrDefault("org_id")));
                Assert.All(held[tenant], s => Assert.Equal(id, s.GetValueOrDefault("instance_id")));
                Assert.Equal(PerTarget.Append(Metric).Order(StringComparer.Ordinal), held[tenant].Select(s => s["__name__"]).Order(StringComparer.Ordinal));
            }

            // The default tenant: the instance without an organization and the rest (Prometheus's own series), no org_id.
            var rest = held[fleet.Single(f => f.Org is null).Tenant];
            Assert.DoesNotContain(rest, s => s.ContainsKey("org_id"));
            Assert.Contains(rest, s => s["__name__"] == Metric && s.GetValueOrDefault("instance_id") == "tr_c1");
            Assert.Contains(rest, s => s["__name__"] == "prometheus_tsdb_head_series");
            Assert.DoesNotContain(rest, s => s.GetValueOrDefault("instance_id") is "tr_a1" or "tr_b1");
        }
        finally
        {
            if (prometheus is not null)
            {
                await prometheus.DisposeAsync();
            }

            if (vmagent is not null)
            {
                await vmagent.DisposeAsync();
            }

            foreach (var store in stores.Values)
            {
                await store.Process.DisposeAsync();
            }

            foreach (var exposition in expositions)
            {
                await exposition.DisposeAsync();
            }

            await TempDirectory.DeleteAsync(root);
        }
    }

    /// <summary>Every series a store holds (its labels), from <c>/api/v1/export</c>.</summary>
    private static async Task<List<Dictionary<string, string>>> SeriesAsync(string storeUrl)
    {
        var text = await Http.GetStringAsync($"{storeUrl}/api/v1/export?match[]={Uri.EscapeDataString("{__name__=~\".+\"}")}");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!, StringComparer.Ordinal);
        })];
    }

    /// <summary>An <c>instances.json</c> as Supawatch writes it: one target group per instance, <c>org_id</c> when it has one.</summary>
    private static string FileSd(IEnumerable<(string Target, string Id, string? Org)> targets)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (var (target, id, org) in targets)
            {
                json.WriteStartObject();
                json.WriteStartArray("targets");
                json.WriteStringValue(target);
                json.WriteEndArray();
                json.WriteStartObject("labels");
                json.WriteString("instance_id", id);
                json.WriteString("component", "kong");
                if (org is not null)
                {
                    json.WriteString("org_id", org);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
