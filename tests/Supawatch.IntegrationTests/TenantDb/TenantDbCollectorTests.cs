using System.Diagnostics;
using System.Text;
using Npgsql;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Metrics;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.TenantDb;

/// <summary>
/// The tenant database collector on real tenant PostgreSQL servers in containers on real Docker Engine, with load from pgbench:
/// credentials from each container's own environment, every series' value against the server's own view, one kept
/// connection, a forced deadlock, a long open transaction, a database at its connection limit, and faults that stay
/// the tenant's own.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class TenantDbCollectorTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    [Fact]
    public async Task Sweep_OwnCredentialsFromTheContainer_EverySeriesMatchesTheServer()
    {
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        var db = await TenantPostgres.RunAsync(engine, "tdv_app_1_db", "tenant_admin", password, "app", maxConnections: 40);
        try
        {
            await db.PgbenchAsync("-i", "-s", "2", "-q");
            await db.PgbenchAsync("-c", "4", "-t", "250", "-n");
            await using var harness = new CollectorHarness(engine.DockerHost, new TenantDbOptions());

            // Two idle clients, and one holding a transaction open, as an application would.
            await using var idle1 = await db.OpenAsync();
            await using var idle2 = await db.OpenAsync();
            await using var open = await db.OpenAsync();
            await using (var begin = new NpgsqlCommand("BEGIN; SELECT txid_current();", open))
            {
                await begin.ExecuteNonQueryAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            var commitsBefore = await db.ScalarAsync<long>("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
            var status = (await harness.SweepAsync())["tdv_app_1"];
            var commitsAfter = await db.ScalarAsync<long>("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
            var size = await db.ScalarAsync<long>("SELECT pg_database_size('app')");

            Assert.True(status.Up, status.Error);
            var r = status.Reading!;
            Assert.Equal(40, r.MaxConnections);
            Assert.Equal(3, r.ReservedConnections);
            Assert.InRange(r.XactCommit, commitsBefore, commitsAfter);
            Assert.True(r.XactCommit >= 1000, $"pgbench committed 1,000 transactions; read {r.XactCommit}");
            Assert.InRange(r.SizeBytes, size * 0.99, size * 1.01);
            Assert.True(r.BlocksHit > 0 && r.BlocksRead >= 0);
            Assert.Equal(2, r.ByState.GetValueOrDefault("idle"));
            Assert.Equal(1, r.ByState.GetValueOrDefault("idle in transaction"));
            Assert.InRange(r.OldestTransactionSeconds, 2, 60);
            Assert.InRange(r.OldestIdleInTransactionSeconds, 2, 60);
            Assert.InRange(r.WraparoundAge, 1000, 10_000_000);
            Assert.False(r.InRecovery);
            Assert.Null(r.ReplicationLagSeconds);
            Assert.Equal(0, r.ReplicationSlots);
            Assert.True(r.WalBytes >= 16 * 1024 * 1024, $"pg_wal holds at least one 16 MB segment; read {r.WalBytes}");
            Assert.Equal(0, r.Deadlocks);

            // One connection kept between sweeps: the same backend answers every time.
            const string Monitor = "SELECT count(*)::text || '/' || coalesce(min(pid), 0)::text FROM pg_stat_activity WHERE application_name = 'supawatch'";
            var monitor = await db.ScalarAsync<string>(Monitor);
            await harness.SweepAsync();
            await harness.SweepAsync();
            Assert.StartsWith("1/", monitor, StringComparison.Ordinal);
            Assert.Equal(monitor, await db.ScalarAsync<string>(Monitor));
            Assert.Equal(1, harness.Collector.OpenConnections);

            // A forced deadlock: two clients take the same two rows in opposite orders.
            await using var a = await db.OpenAsync();
            await using var b = await db.OpenAsync();
            await Exec(a, "BEGIN; UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = 1");
            await Exec(b, "BEGIN; UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = 2");
            // PostgreSQL ends one of the two (whichever's deadlock_timeout runs out first); the other goes through.
            var first = Record.ExceptionAsync(() => Exec(a, "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = 2"));
            var second = Record.ExceptionAsync(() => Exec(b, "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = 1"));
            var errors = (await Task.WhenAll(first, second)).OfType<PostgresException>().ToList();
            Assert.Equal("40P01", Assert.Single(errors).SqlState);
            await Exec(a, "ROLLBACK");
            await Exec(b, "ROLLBACK");
            TenantDbStatus? after = null;
            await Wait.UntilAsync(async () =>
            {
                after = (await harness.SweepAsync(discover: false))["tdv_app_1"];
                return after.Reading?.Deadlocks == 1;
            }, TimeSpan.FromSeconds(15), "the deadlock counted (statistics are flushed within a second)");

            // The password is nowhere in what Supawatch shows.
            using var stream = new MemoryStream();
            using (var writer = new ExpositionWriter(stream))
            {
                TenantDbSeries.Write(writer, harness.Inventory.Current.Instances, harness.Collector.Current);
            }

            var exposition = Encoding.UTF8.GetString(stream.ToArray());
            Assert.Contains("supabase_database_deadlocks_total{instance_id=\"tdv_app_1\",host=\"default\"} 1\n", exposition, StringComparison.Ordinal);
            Assert.DoesNotContain(password, exposition, StringComparison.Ordinal);
            Assert.DoesNotContain(password, after!.ToString(), StringComparison.Ordinal);
            output.WriteLine($"read {r.XactCommit} commits, {r.SizeBytes} bytes, oldest transaction {r.OldestTransactionSeconds:F1} s, WAL {r.WalBytes} bytes");
        }
        finally
        {
            await engine.RemoveAsync(db.Name);
        }
    }

    [Fact]
    public async Task Sweep_DatabaseAtItsConnectionLimit_MonitorNeverTakesTheLastSlot()
    {
        var db = await TenantPostgres.RunAsync(engine, "tdl_app_1_db", "postgres", "Pw-" + Guid.NewGuid().ToString("N"), "postgres", maxConnections: 10);
        var clients = new List<NpgsqlConnection>();
        try
        {
            await db.ExecuteAsync("CREATE ROLE app LOGIN PASSWORD 'app-pw'");
            await using var harness = new CollectorHarness(engine.DockerHost, new TenantDbOptions());
            Assert.True((await harness.SweepAsync())["tdl_app_1"].Up);

            // The application takes every ordinary slot it can: 10 less 3 reserved less the monitor's one.
            PostgresException? refused = null;
            for (var i = 0; i < 10 && refused is null; i++)
            {
                try
                {
                    clients.Add(await db.OpenAsync("app", "app-pw"));
                }
                catch (PostgresException ex)
                {
                    refused = ex;
                }
            }

            Assert.Equal("53300", refused?.SqlState);
            Assert.Equal(6, clients.Count);
            var full = (await harness.SweepAsync(discover: false))["tdl_app_1"];
            Assert.Equal((true, 6, 7), (full.Up == true, full.Reading!.Connections, full.Reading.UsableConnections));

            // The monitor's connection is lost; the tenant then has one ordinary slot left, and the monitor leaves it.
            await db.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'supawatch'");
            var left = (await harness.SweepAsync(discover: false))["tdl_app_1"];
            Assert.Equal((false, TenantDbReasons.AtLimit, 0), (left.Up == true, left.Reason, left.MonitorConnections));
            Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'supawatch'"));
            clients.Add(await db.OpenAsync("app", "app-pw"));
            var still = (await harness.SweepAsync(discover: false))["tdl_app_1"];
            Assert.Equal(TenantDbReasons.AtLimit, still.Reason);
            Assert.Equal(0, harness.Collector.OpenConnections);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            await engine.RemoveAsync(db.Name);
        }
    }

    [Fact]
    public async Task Sweep_FaultyTenants_EachItsOwnReasonAndTheOthersRead()
    {
        var good = await TenantPostgres.RunAsync(engine, "tdf_good_1_db", "postgres", "Pw-good", "postgres");
        var wrong = await TenantPostgres.RunAsync(engine, "tdf_wrong_1_db", "postgres", "Pw-wrong", "postgres");
        // Accepts TCP and never answers PostgreSQL: busybox httpd waits for an HTTP request line that never comes.
        var silentPort = FreePort.Next();
        await engine.RunAsync("tdf_silent_1_db", "-p", $"127.0.0.1:{silentPort}:5432", BusyboxImage.Reference, "httpd", "-f", "-p", "5432", "-h", "/");
        try
        {
            // The container says one password, the server now wants another (rotated without recreating the container).
            await wrong.ExecuteAsync("ALTER ROLE postgres PASSWORD 'rotated'");
            var timeout = TimeSpan.FromSeconds(3);
            await using var harness = new CollectorHarness(engine.DockerHost, new TenantDbOptions { Timeout = timeout });

            var started = Stopwatch.GetTimestamp();
            var statuses = await harness.SweepAsync();
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.True(statuses["tdf_good_1"].Up);
            Assert.Equal((false, TenantDbReasons.Auth), (statuses["tdf_wrong_1"].Up == true, statuses["tdf_wrong_1"].Reason));
            Assert.Equal((false, TenantDbReasons.Timeout), (statuses["tdf_silent_1"].Up == true, statuses["tdf_silent_1"].Reason));
            Assert.True(elapsed < timeout + TimeSpan.FromSeconds(3), $"one sweep took {elapsed.TotalSeconds:F1} s: the silent database held it past its own timeout");
            Assert.DoesNotContain("Pw-wrong", statuses["tdf_wrong_1"].Error ?? "", StringComparison.Ordinal);

            // The good one restarts: refused or starting while it is down, read again once it is back, on a new connection.
            await engine.StopAsync(good.Name);
            await engine.StartAsync(good.Name);
            TenantDbStatus? back = null;
            await Wait.UntilAsync(async () =>
            {
                back = (await harness.SweepAsync())["tdf_good_1"];
                return back.Up == true;
            }, TimeSpan.FromSeconds(30), "the restarted database read again");

            // A tenant removed between two sweeps loses its status and its connection.
            await engine.RemoveAsync("tdf_silent_1_db");
            var afterRemoval = await harness.SweepAsync();
            Assert.False(afterRemoval.ContainsKey("tdf_silent_1"));
            Assert.Equal(1, harness.Collector.OpenConnections);
            output.WriteLine($"sweep with a silent database: {elapsed.TotalMilliseconds:F0} ms (timeout {timeout.TotalSeconds} s)");
        }
        finally
        {
            await engine.RemoveAsync(good.Name);
            await engine.RemoveAsync(wrong.Name);
            await engine.RemoveAsync("tdf_silent_1_db");
        }
    }

    private static async Task Exec(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
