using System.Net.Http.Json;
using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.MasterDb;
using Supawatch.Metrics;

namespace Supawatch.IntegrationTests.Security;

/// <summary>
/// One corpus of hostile text driven through the real service at once: each entry is a project and an
/// organization name in the master DB and a <c>supawatch.instance_id</c> label on a real Docker Engine tenant. Every
/// output stays valid and carries the text as data: <c>/metrics</c> passes promtool with no injected label,
/// <c>/sd</c>, <c>/api/v1/instances</c> and <c>status.json</c> parse and round-trip it, the page escapes it.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class HostileInputCorpusTests(DockerEngineFixture engine, PostgresFixture masterDb) : IClassFixture<PostgresFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// NUL is absent on purpose: neither a PostgreSQL text value nor a command-line argument can hold it; the
    /// exposition writer and name parser meet it in the unit tests.
    /// </summary>
    public static readonly string[] Corpus =
    [
        "x\",org_id=\"1",
        "quote \" back\\slash \\\" \\n literal",
        "line one\nline two\r\nline three",
        "<script>alert('hostile')</script><img src=x onerror=alert(1)>",
        "東京 São Paulo Ελληνικά العربية עברית \u202Eevil",
        "} # HELP fake_metric injected\nfake_metric 1",
        new string('A', 10 * 1024),
        "'; DROP TABLE projects; --",
    ];

    [Fact]
    public async Task Serve_HostileNamesAndLabels_EveryOutputStaysValidAndCarriesThemAsData()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync("TRUNCATE projects, organizations");
        var ids = Corpus.Select((_, i) => $"c{i + 1}_app_{i + 1}").ToList();
        for (var i = 0; i < Corpus.Length; i++)
        {
            var text = Corpus[i].Replace("'", "''", StringComparison.Ordinal);
            await masterDb.ExecuteAsync($"INSERT INTO organizations VALUES ('corg{i + 1}', '{text}')");
            await masterDb.ExecuteAsync($"INSERT INTO projects VALUES ('{ids[i]}', 'corg{i + 1}', '{text}', 'active')");
        }

        var containers = new List<HttpdContainer>();
        try
        {
            for (var i = 0; i < Corpus.Length; i++)
            {
                // A hostile id label is refused, so the container's seed name still makes it a tenant.
                containers.Add(await engine.RunHttpdAsync($"{ids[i]}_kong", labels: new Dictionary<string, string> { ["supawatch.instance_id"] = Corpus[i] }));
            }

            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = masterDb.Url,
                ["DISCOVERY_INTERVAL"] = "1",
                ["HEALTH_CHECK_INTERVAL"] = "1",
            });
            var metrics = new Exposition(await server.MetricsWhenAsync(
                text => ids.All(id => new Exposition(text).Value("supabase_instance_info", ("instance_id", id)) == 1)
                    && new Exposition(text).Value("supabase_instance_info", ("instance_id", ids[0]), ("project_name", Corpus[0])) == 1,
                "every corpus tenant on /metrics, merged with the master DB"));

            var problems = await PromTool.CheckMetricsAsync(metrics.Text);
            Assert.All(problems, p => Assert.EndsWith("non-counter metrics should not have \"_total\" suffix", p, StringComparison.Ordinal));
            Assert.DoesNotContain(metrics.Samples("supabase_instance_info"), s => s.Labels.GetValueOrDefault("org_id") == "1");
            Assert.Empty(metrics.Samples("fake_metric"));
            var info = metrics.Samples("supabase_instance_info").ToDictionary(s => s.Labels["instance_id"], s => s.Labels.GetValueOrDefault("project_name"));
            // Label values are bounded to LabelValue.MaxLength characters on /metrics (series size), whole elsewhere.
            var mangled = ids.Where((id, i) => info.GetValueOrDefault(id) != LabelValue.Of(Corpus[i]))
                .Select(id => $"{id}: {JsonSerializer.Serialize(info.GetValueOrDefault(id)?[..Math.Min(80, info[id]!.Length)])}").ToList();
            Assert.True(mangled.Count == 0, "project_name not carried intact: " + string.Join("; ", mangled));

            var sd = await server.SdAsync();
            var instances = await server.InstancesAsync();
            var byId = instances.GetProperty("instances").EnumerateArray().ToDictionary(e => e.GetProperty("instance_id").GetString()!);
            for (var i = 0; i < Corpus.Length; i++)
            {
                Assert.Equal(Corpus[i], byId[ids[i]].GetProperty("project_name").GetString());
                Assert.Contains(sd.EnumerateArray(), g => g.GetProperty("labels").GetProperty("instance_id").GetString() == ids[i]
                    && g.GetProperty("labels").GetProperty("project_name").GetString() == Corpus[i]);
            }

            JsonElement status = default;
            await Wait.UntilAsync(
                async () => Health.StatusApi.Instance(status = await Http.GetFromJsonAsync<JsonElement>(server.StatusUrl + "/status/api/status.json"), ids[^1]) is not null,
                TimeSpan.FromSeconds(20),
                "corpus tenants on status.json");
            var html = await Http.GetStringAsync(server.StatusUrl + "/status");
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
            Assert.Contains("東京", html, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var container in containers)
            {
                await engine.RemoveAsync(container.Name);
            }
        }
    }
}
