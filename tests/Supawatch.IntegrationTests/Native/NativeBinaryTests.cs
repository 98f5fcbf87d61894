using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;
using Supawatch.IntegrationTests.Security;
using Supawatch.MasterDb;

namespace Supawatch.IntegrationTests.Native;

/// <summary>
/// The shipped form, the NativeAOT executable from <c>scripts/publish.sh</c>, on real Docker Engine tenants and a real master
/// DB. Trimming and AOT fail at run time, not at build time (a type JSON or YAML reads by reflection, a trimmed
/// property), so this runs every part through the binary itself: discovery, the exporter, tenant DB connections,
/// health, the status page, the API, and the YAML renderer compared byte for byte with the JIT build's.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class NativeBinaryTests(DockerEngineFixture engine, PostgresFixture masterDb) : IClassFixture<PostgresFixture>, IDisposable
{
    private const string HostileProject = "<b>Loja \"Ação\"</b>\n東京";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _root = TempDirectory.Create("native");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary><c>artifacts/native/supawatch</c>; scripts/test.sh publishes it before the tests run.</summary>
    public static string Binary()
    {
        var binary = Path.Combine(StatusApi.RepositoryRoot(), "artifacts", "native", "supawatch");
        Assert.True(File.Exists(binary), $"{binary} is missing; run 'bash scripts/publish.sh' (scripts/test.sh does) first");
        return binary;
    }

    [Fact]
    public async Task Serve_NativeBinary_DiscoversExportsChecksAndShowsRealTenants()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync("TRUNCATE projects, organizations; INSERT INTO organizations VALUES ('nat-o1', 'Acme Nativa');");
        await masterDb.ExecuteAsync($"INSERT INTO projects VALUES ('nat_app_1', 'nat-o1', '{HostileProject}', 'active')");
        var kong = await engine.RunHttpdAsync("nat_app_1_kong");
        var db = await engine.RunPostgresDbAsync("nat_app_1_db");
        var metricsUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var statusUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var data = Path.Combine(_root, "data");
        await using var serve = ServerProcess.Start(Binary(), ["serve"], Path.Combine(_root, "serve.log"), new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["MASTER_DB_URL"] = masterDb.Url,
            ["SUPAWATCH_DB_USER"] = "postgres",
            ["SUPAWATCH_STATS_INTERVAL"] = "1",
            ["DISCOVERY_INTERVAL"] = "2",
            ["HEALTH_CHECK_INTERVAL"] = "1",
            ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong,db",
            ["SUPAWATCH_DATA_DIR"] = data,
            ["SUPAWATCH_LOG_DIR"] = Path.Combine(_root, "logs"),
            ["SUPAWATCH_METRICS_LISTEN"] = metricsUrl[7..],
            ["SUPAWATCH_STATUS_LISTEN"] = statusUrl[7..],
        });
        try
        {
            var metrics = new Exposition("");
            JsonElement status = default;
            try
            {
                await Wait.UntilAsync(
                    async () =>
                    {
                        Assert.False(serve.HasExited, "the native supawatch exited");
                        metrics = new Exposition(await Http.GetStringAsync(metricsUrl + "/metrics"));
                        if (metrics.Value("supabase_database_max_connections", ("instance_id", "nat_app_1")) is not >= 10
                            || metrics.Value("supabase_instance_memory_usage_bytes", ("instance_id", "nat_app_1")) is not > 0)
                        {
                            return false;
                        }

                        status = await StatusApi.GetAsync(statusUrl);
                        return StatusApi.StatusOf(status, "nat_app_1") == "up";
                    },
                    TimeSpan.FromSeconds(60),
                    "the native binary to read nat_app_1's own PostgreSQL, export its memory and report it up",
                    TimeSpan.FromMilliseconds(500));
            }
            catch (TimeoutException ex)
            {
                var seen = metrics.Text.Split('\n').Where(l => l.Contains("nat_app_1", StringComparison.Ordinal) || l.StartsWith("supawatch_source", StringComparison.Ordinal) || l.StartsWith("supawatch_stats", StringComparison.Ordinal));
                throw new InvalidOperationException($"{ex.Message}\n--- its last /metrics ---\n{string.Join('\n', seen)}\n--- supawatch log ---\n{serve.LogTail()}", ex);
            }

            // Exporter: master DB metadata (hostile text intact), Docker state, self-metrics.
            Assert.Equal(1, metrics.Value("supabase_instance_info", ("instance_id", "nat_app_1"), ("org_name", "Acme Nativa"), ("project_name", HostileProject)));
            Assert.Equal(1, metrics.Value("supabase_docker_container_status", ("container_name", "nat_app_1_kong"), ("state", "running")));
            Assert.Equal(1, metrics.Value("supawatch_source_up", ("source", "master_db")));
            Assert.Single(metrics.Text.Split('\n'), l => l.StartsWith("supawatch_build_info{", StringComparison.Ordinal) && l.Contains("runtime=\"nativeaot/", StringComparison.Ordinal) && l.EndsWith("} 1", StringComparison.Ordinal));
            Assert.Equal(1, metrics.Value("supabase_health_check_up", ("instance_id", "nat_app_1"), ("component", "kong"), ("check", "http")));
            Assert.All(await PromTool.CheckMetricsAsync(metrics.Text), p => Assert.Contains("should not have \"_total\" suffix", p, StringComparison.Ordinal));

            // The API and http_sd through the source-generated JSON.
            using var instances = JsonDocument.Parse(await Http.GetStringAsync(metricsUrl + "/api/v1/instances"));
            var instance = instances.RootElement.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("instance_id").GetString() == "nat_app_1");
            Assert.Equal(HostileProject, instance.GetProperty("project_name").GetString());
            using var sd = JsonDocument.Parse(await Http.GetStringAsync(metricsUrl + "/sd?component=kong"));
            Assert.Contains(sd.RootElement.EnumerateArray(), g => g.GetProperty("labels").GetProperty("instance_id").GetString() == "nat_app_1");
            using var refused = await Http.GetAsync(metricsUrl + "/sd?component=%3Cbad%3E");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("component must be", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

            // Status page and file outputs.
            Assert.Equal(HostileProject, StatusApi.Instance(status, "nat_app_1")!.Value.GetProperty("project_name").GetString());
            var page = await Http.GetStringAsync(statusUrl + "/status");
            Assert.Contains("&lt;b&gt;Loja", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>Loja", page, StringComparison.Ordinal);
            Assert.Contains("nat_app_1", await File.ReadAllTextAsync(Path.Combine(data, "instances.json")), StringComparison.Ordinal);
            var log = serve.LogTail(1_000_000);
            Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
            Assert.DoesNotContain("loop fault", log, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("type initializer", log, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
            await engine.RemoveAsync(db.Name);
        }
    }

    [Fact]
    public async Task ConfigRender_NativeBinary_WritesTheSameBytesAsTheJitBuild()
    {
        var environment = new Dictionary<string, string>
        {
            ["SLACK_WEBHOOK_URL"] = "https://hooks.slack.example/T0/B0/x",
            ["DISCORD_WEBHOOK_URL"] = "https://discord.example/api/webhooks/1/y",
            ["WEBHOOK_URL"] = "https://hooks.example.com/a,https://hooks.example.com/b",
            ["ADMIN_EMAIL"] = "ops@example.com",
            ["SMTP_HOST"] = "smtp.example.com:587",
            ["SMTP_USER"] = "alerts",
            ["SMTP_PASS"] = "p\"a's: s\nw",
            ["SMTP_FROM"] = "supawatch@example.com",
            ["SCRAPE_INTERVAL"] = "20s",
        };
        var native = Path.Combine(_root, "native");
        var jit = Path.Combine(_root, "jit");
        var nativeRun = await ProcessRunner.TryRunAsync(Binary(), ["config", "render", "--out", native], TimeSpan.FromSeconds(60), environment);
        var jitRun = await ProcessRunner.TryRunAsync("dotnet", [SecretsNeverShownTests.SupawatchDll(), "config", "render", "--out", jit], TimeSpan.FromSeconds(60), environment);
        Assert.True(nativeRun.ExitCode == 0, nativeRun.Describe());
        Assert.True(jitRun.ExitCode == 0, jitRun.Describe());

        var files = Directory.GetFiles(jit, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(jit, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(Path.Combine("alerts", "alertmanager.yml"), files);
        Assert.Contains(Path.Combine("alerts", "alerting_rules.yml"), files);
        Assert.Equal(files, Directory.GetFiles(native, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(native, f)).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var expected = await File.ReadAllTextAsync(Path.Combine(jit, file));
            var actual = await File.ReadAllTextAsync(Path.Combine(native, file));
            Assert.True(expected == actual, $"{file} differs between the native and the JIT build:\n--- JIT ---\n{expected}\n--- native ---\n{actual}");
        }
    }

    [Fact]
    public async Task StackSetup_NativeBinary_RendersAValidStackThatNamesItself()
    {
        var directory = Path.Combine(_root, "monitoring");
        var setup = await ProcessRunner.TryRunAsync(Binary(), ["stack", "setup", "--runtime", "native", "--no-start", "--dir", directory], TimeSpan.FromMinutes(2));
        Assert.True(setup.ExitCode == 0, setup.Describe());

        using var settings = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "stack.json")));
        Assert.Equal("native", settings.RootElement.GetProperty("runtime").GetString());
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(directory, ".supawatch-manifest.json")));
        Assert.NotNull(manifest);
        Assert.Contains("prometheus.yml", manifest.Keys);
        var promtool = RequiredTool.Find("promtool", "prometheus");
        var check = await ProcessRunner.TryRunAsync(promtool, ["check", "config", Path.Combine(directory, "prometheus.yml")]);
        Assert.True(check.ExitCode == 0, check.Describe());

        // Re-running setup reads its own stack.json and manifest back: nothing changes.
        var again = await ProcessRunner.TryRunAsync(Binary(), ["stack", "setup", "--runtime", "native", "--no-start", "--dir", directory], TimeSpan.FromMinutes(2));
        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.DoesNotContain(".new", string.Join('\n', Directory.GetFiles(directory, "*.new", SearchOption.AllDirectories)), StringComparison.Ordinal);
    }
}
