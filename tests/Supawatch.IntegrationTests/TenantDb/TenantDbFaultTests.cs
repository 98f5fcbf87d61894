using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Supawatch.Discovery;
using Supawatch.Docker;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Metrics;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.TenantDb;

/// <summary>
/// Tenant database faults on real Docker Engine, as an operator sees them: in <c>serve</c>, a database that accepts TCP
/// and never answers, one at <c>max_connections</c> and one restarting inside its running container each show their own
/// series and reason on <c>/api/v1/instances</c> while a healthy one reads on; tenants renamed or removed in the middle
/// of a sweep drop out or show their own error without holding the sweep; the health probe logs in with each
/// container's own credentials and reads through the collector's one connection.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class TenantDbFaultTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Serve_SilentFullAndRestartingDatabases_EachItsSeriesAndReasonOnTheApi()
    {
        var good = await TenantPostgres.RunAsync(engine, "tfa_good_1_db", "postgres", "Pw-good-" + Guid.NewGuid().ToString("N"), "postgres");
        var full = await TenantPostgres.RunAsync(engine, "tfa_full_1_db", "postgres", "Pw-full", "postgres", maxConnections: 10);
        var restarting = await TenantPostgres.RunAsync(engine, "tfa_restart_1_db", "postgres", "Pw-restart", "postgres", restartPauseSeconds: 6);
        await engine.RunAsync("tfa_silent_1_db", "-p", $"127.0.0.1:{FreePort.Next()}:5432", BusyboxImage.Reference, "httpd", "-f", "-p", "5432", "-h", "/");
        var clients = new List<NpgsqlConnection>();
        try
        {
            // Every slot taken, the reserved ones too: 7 by an application role, 3 by a superuser.
            await full.ExecuteAsync("CREATE ROLE app LOGIN PASSWORD 'app-pw'");
            for (var i = 0; i < 7; i++)
            {
                clients.Add(await full.OpenAsync("app", "app-pw"));
            }

            for (var i = 0; i < 3; i++)
            {
                clients.Add(await full.OpenAsync());
            }

            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["SUPAWATCH_DB_INTERVAL"] = "1",
                ["SUPAWATCH_DB_TIMEOUT"] = "2",
                ["HEALTH_CHECK_INTERVAL"] = "1",
            });

            var api = await DatabasesWhenAsync(server, d =>
                Up(d, "tfa_good_1") == true && Up(d, "tfa_restart_1") == true
                && Reason(d, "tfa_silent_1") == TenantDbReasons.Timeout && Reason(d, "tfa_full_1") == TenantDbReasons.TooManyConnections,
                "good and restarting read, silent timed out, full refused");
            Assert.Contains("too many", Error(api, "tfa_full_1") ?? "", StringComparison.OrdinalIgnoreCase);
            var metrics = await server.MetricsWhenAsync(m => m.Contains(Series("supabase_database_up", "tfa_silent_1") + " 0", StringComparison.Ordinal), "the silent database's series");
            Assert.Contains(Series("supabase_database_up", "tfa_good_1") + " 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains(Series("supabase_database_up", "tfa_full_1") + " 0\n", metrics, StringComparison.Ordinal);
            Assert.Contains("supabase_database_unreadable{instance_id=\"tfa_silent_1\",reason=\"timeout\",host=\"default\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains("supabase_database_unreadable{instance_id=\"tfa_full_1\",reason=\"too_many_connections\",host=\"default\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(Series("supabase_database_connections", "tfa_full_1"), metrics, StringComparison.Ordinal);
            Assert.Contains(Series("supabase_database_monitor_connections", "tfa_full_1") + " 0\n", metrics, StringComparison.Ordinal);

            // The health probe logs in with the container's own password, through the collector's connection: one
            // supawatch backend on the database and no second one for health.
            await server.MetricsWhenAsync(m => m.Contains(Series("supabase_health_db_connections", "tfa_good_1"), StringComparison.Ordinal), "the credentialed health check");
            Assert.Equal("1/0", await good.ScalarAsync<string>(
                "SELECT count(*) FILTER (WHERE application_name = 'supawatch') || '/' || count(*) FILTER (WHERE application_name = 'supawatch-health') FROM pg_stat_activity"));

            // The server restarts inside its running container: its own reason while it is down, read again after.
            await restarting.StopServerAsync(engine);
            var stopped = Stopwatch.StartNew();
            var down = await DatabasesWhenAsync(server, d => Up(d, "tfa_restart_1") == false, "the restarting database reported");
            var reason = Reason(down, "tfa_restart_1");
            Assert.Contains(reason, new[] { TenantDbReasons.Refused, TenantDbReasons.ShuttingDown, TenantDbReasons.Starting });
            Assert.Equal(true, Up(down, "tfa_good_1"));
            var downMetrics = await server.MetricsWhenAsync(m => m.Contains(Series("supabase_database_up", "tfa_restart_1") + " 0", StringComparison.Ordinal), "the restarting database's series");
            Assert.Contains($"supabase_database_unreadable{{instance_id=\"tfa_restart_1\",reason=\"{reason}\",host=\"default\"}} 1\n", downMetrics, StringComparison.Ordinal);
            await DatabasesWhenAsync(server, d => Up(d, "tfa_restart_1") == true, "the restarted database read again");
            output.WriteLine($"restart: down as '{reason}', read again {stopped.Elapsed.TotalSeconds:F1} s after the stop (6 s pause)");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            foreach (var name in new[] { good.Name, full.Name, restarting.Name, "tfa_silent_1_db" })
            {
                await engine.RemoveAsync(name);
            }
        }
    }

    [Fact]
    public async Task Sweep_TenantsRenamedOrRemovedMidSweep_DropOutOrOwnErrorSweepNotHeld()
    {
        var good = await TenantPostgres.RunAsync(engine, "trm_good_1_db", "postgres", "Pw-good", "postgres");
        var moved = await TenantPostgres.RunAsync(engine, "trm_moved_1_db", "postgres", "Pw-moved", "postgres");
        // Two that accept TCP and never answer: their reads are in flight while they are removed or renamed.
        foreach (var name in new[] { "trm_gone_1_db", "trm_slow_1_db" })
        {
            await engine.RunAsync(name, "-p", $"127.0.0.1:{FreePort.Next()}:5432", BusyboxImage.Reference, "httpd", "-f", "-p", "5432", "-h", "/");
        }

        try
        {
            var timeout = TimeSpan.FromSeconds(4);
            await using var harness = new CollectorHarness(engine.DockerHost, new TenantDbOptions { Timeout = timeout });
            var before = await harness.SweepAsync();
            Assert.Equal((true, true), (before["trm_good_1"].Up == true, before["trm_moved_1"].Up == true));

            var started = Stopwatch.StartNew();
            var sweep = harness.Collector.SweepAsync(CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(sweep.IsCompleted, "the sweep waits for the two silent databases");
            await engine.RemoveAsync("trm_gone_1_db");
            await engine.RenameAsync("trm_slow_1_db", "trm_slower_1_db");
            await engine.RenameAsync("trm_moved_1_db", "trm_shifted_1_db");
            await harness.DiscoverAsync();
            await sweep;
            var elapsed = started.Elapsed;

            var after = harness.Collector.Current;
            Assert.True(elapsed < timeout + TimeSpan.FromSeconds(3), $"the sweep took {elapsed.TotalSeconds:F1} s");
            Assert.True(after["trm_good_1"].Up);
            Assert.Equal(["trm_good_1"], after.Keys.Where(k => k.StartsWith("trm_", StringComparison.Ordinal)));
            Assert.Equal(1, harness.Collector.OpenConnections);

            // The renamed ones are read under their new names: the database as before, the silent one as its own timeout.
            var next = await harness.SweepAsync();
            Assert.True(next["trm_shifted_1"].Up, next["trm_shifted_1"].Error);
            Assert.Equal((false, TenantDbReasons.Timeout), (next["trm_slower_1"].Up == true, next["trm_slower_1"].Reason));
            Assert.True(next["trm_good_1"].Up);
            Assert.False(next.ContainsKey("trm_gone_1") || next.ContainsKey("trm_moved_1") || next.ContainsKey("trm_slow_1"));
            Assert.Equal(2, harness.Collector.OpenConnections);
            Assert.Equal(1L, await moved.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'supawatch'"));
            output.WriteLine($"sweep with a tenant removed and two renamed during it: {elapsed.TotalMilliseconds:F0} ms (timeout {timeout.TotalSeconds} s)");
        }
        finally
        {
            foreach (var name in new[] { good.Name, "trm_moved_1_db", "trm_shifted_1_db", "trm_gone_1_db", "trm_slow_1_db", "trm_slower_1_db" })
            {
                await engine.RemoveAsync(name);
            }
        }
    }

    [Fact]
    public async Task HealthProbe_TenantLoginFromTheContainer_GlobalVariablesOverrideAndNoPasswordIsAuth()
    {
        var db = await TenantPostgres.RunAsync(engine, "tpr_app_1_db", "tenant_admin", "Pw-" + Guid.NewGuid().ToString("N"), "app");
        try
        {
            var discovery = new DiscoveryOptions();
            await using var harness = new CollectorHarness(engine.DockerHost, new TenantDbOptions());
            await harness.DiscoverAsync();
            var container = harness.Inventory.Current.Instances.Single(i => i.InstanceId == "tpr_app_1").Component("db")!;
            using var hosts = new DockerHostSet([new DockerHostConnection(new DockerHostSpec(DockerHosts.DefaultName, new Uri(engine.DockerHost), null), new ContainerNameParser(discovery.ComponentList), discovery)]);
            var timeout = TimeSpan.FromSeconds(5);

            // The one-shot health command's probe: no collector, its own short connection with the container's login.
            var own = await new PostgresProbe(new TenantDbLogins(new TenantDbOptions(), discovery, hosts))
                .ProbeAsync(container, "127.0.0.1", db.HostPort, timeout, CancellationToken.None);
            Assert.Equal((HealthStatus.Up, "SELECT 1"), (own.Status, own.Reason));
            Assert.True(own.Connections >= 1);

            // A global password overrides the container's: here a wrong one, refused by the server.
            var wrong = await new PostgresProbe(new TenantDbLogins(new TenantDbOptions { Password = "not-the-password" }, discovery, hosts))
                .ProbeAsync(container, "127.0.0.1", db.HostPort, timeout, CancellationToken.None);
            Assert.Equal((HealthStatus.Down, "PostgreSQL error 28P01"), (wrong.Status, wrong.Reason));

            // No password anywhere (container reading off, a global user alone): the server's demand for one is 'auth'.
            await using (var missing = new CollectorHarness(engine.DockerHost, new TenantDbOptions { FromContainer = false, User = "tenant_admin" }))
            {
                var status = (await missing.SweepAsync())["tpr_app_1"];
                Assert.Equal((false, TenantDbReasons.Auth), (status.Up == true, status.Reason));
                Assert.Contains("password", status.Error ?? "", StringComparison.OrdinalIgnoreCase);
            }

            // serve's probe reads through the collector's kept connection: still one supawatch backend, none for health.
            await harness.SweepAsync(discover: false);
            var kept = await new PostgresProbe(new TenantDbLogins(new TenantDbOptions(), discovery, hosts), harness.Collector)
                .ProbeAsync(container, "127.0.0.1", db.HostPort, timeout, CancellationToken.None);
            Assert.Equal((HealthStatus.Up, "SELECT 1"), (kept.Status, kept.Reason));
            Assert.Equal("1/0", await db.ScalarAsync<string>(
                "SELECT count(*) FILTER (WHERE application_name = 'supawatch') || '/' || count(*) FILTER (WHERE application_name = 'supawatch-health') FROM pg_stat_activity"));
        }
        finally
        {
            await engine.RemoveAsync(db.Name);
        }
    }

    private static string Series(string name, string instanceId) => $"{name}{{instance_id=\"{instanceId}\",host=\"default\"}}";

    private static async Task<JsonElement> DatabasesWhenAsync(SupawatchServer server, Func<JsonElement, bool> condition, string what)
    {
        var last = default(JsonElement);
        await Wait.UntilAsync(async () => condition(last = await server.InstancesAsync()), TimeSpan.FromSeconds(30), what);
        return last;
    }

    private static JsonElement? Database(JsonElement api, string instanceId) =>
        api.GetProperty("instances").EnumerateArray()
            .Where(i => i.GetProperty("instance_id").GetString() == instanceId)
            .Select(i => i.TryGetProperty("database", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null)
            .FirstOrDefault();

    private static bool? Up(JsonElement api, string instanceId) =>
        Database(api, instanceId) is { } d && d.GetProperty("up").ValueKind is JsonValueKind.True or JsonValueKind.False ? d.GetProperty("up").GetBoolean() : null;

    private static string? Reason(JsonElement api, string instanceId) =>
        Database(api, instanceId) is { } d && d.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;

    private static string? Error(JsonElement api, string instanceId) =>
        Database(api, instanceId) is { } d && d.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
}
