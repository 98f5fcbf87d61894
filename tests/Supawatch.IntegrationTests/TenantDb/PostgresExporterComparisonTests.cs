using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Metrics;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.TenantDb;

/// <summary>
/// Side by side with Debian's prometheus-postgres-exporter 0.11.1 on the same tenant database at the same moment:
/// Supawatch reads, the exporter is scraped, Supawatch reads again. Settings agree exactly; counters agree exactly in
/// the sense that the exporter's value lies between Supawatch's two reads (both monitors' own queries commit and read
/// blocks, so nothing stands still between them); gauges agree within what the read gap explains.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class PostgresExporterComparisonTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task SameDatabase_SupawatchAndPostgresExporter_Agree()
    {
        var exporterPath = RequiredTool.Find("prometheus-postgres-exporter", "prometheus-postgres-exporter");
        var db = await TenantPostgres.RunAsync(engine, "tdx_app_1_db", "tenant_admin", "Pw-" + Guid.NewGuid().ToString("N"), "app", maxConnections: 50);
        var root = TempDirectory.Create("pgexporter");
        ServerProcess? exporter = null;
        try
        {
            await db.PgbenchAsync("-i", "-s", "1", "-q");
            await db.PgbenchAsync("-c", "2", "-t", "200", "-n");
            await using var idle1 = await db.OpenAsync();
            await using var idle2 = await db.OpenAsync();
            await using var open = await db.OpenAsync();
            await using (var begin = new NpgsqlCommand("BEGIN; SELECT txid_current();", open))
            {
                await begin.ExecuteNonQueryAsync();
            }

            var port = FreePort.Next();
            exporter = ServerProcess.Start(exporterPath, [$"--web.listen-address=127.0.0.1:{port}"], Path.Combine(root, "exporter.log"),
                new Dictionary<string, string> { ["DATA_SOURCE_NAME"] = db.Url });
            var url = $"http://127.0.0.1:{port}/metrics";
            // The first scrape opens the exporter's connection, so both monitors are connected before the compared reads.
            await Wait.UntilAsync(async () => Value(await Http.GetStringAsync(url), "pg_up", "") == 1, TimeSpan.FromSeconds(20), "postgres_exporter answering with pg_up 1");
            await using var harness = new CollectorHarness(engine.DockerHost, new TenantDbOptions());
            await harness.SweepAsync();
            await Task.Delay(TimeSpan.FromSeconds(1.5));

            var started = Stopwatch.GetTimestamp();
            var before = (await harness.SweepAsync(discover: false))["tdx_app_1"].Reading!;
            var text = await Http.GetStringAsync(url);
            var after = (await harness.SweepAsync(discover: false))["tdx_app_1"].Reading!;
            var gap = Stopwatch.GetElapsedTime(started).TotalSeconds;
            const string App = "datname=\"app\"";

            Assert.Equal(before.MaxConnections, Value(text, "pg_settings_max_connections", ""));
            Assert.Equal(before.ReservedConnections, Value(text, "pg_settings_superuser_reserved_connections", ""));
            Between(before.XactCommit, Value(text, "pg_stat_database_xact_commit", App), after.XactCommit, "xact_commit");
            Between(before.XactRollback, Value(text, "pg_stat_database_xact_rollback", App), after.XactRollback, "xact_rollback");
            Between(before.BlocksRead, Value(text, "pg_stat_database_blks_read", App), after.BlocksRead, "blks_read");
            Between(before.BlocksHit, Value(text, "pg_stat_database_blks_hit", App), after.BlocksHit, "blks_hit");
            Assert.Equal(before.Deadlocks, Value(text, "pg_stat_database_deadlocks", App));
            Assert.Equal(before.Conflicts, Value(text, "pg_stat_database_conflicts", App));
            Between(Math.Min(before.SizeBytes, after.SizeBytes), Value(text, "pg_database_size_bytes", App), Math.Max(before.SizeBytes, after.SizeBytes), "database size");

            // Connections: the application's (two idle, one idle in transaction) are seen alike. Each monitor leaves its own
            // backend out or sees it active, and sees the other's, which moves between idle and active with the other's
            // reads (postgres_exporter's pool may also open a second one): one connection of difference is the read gap.
            Assert.Equal(before.ByState.GetValueOrDefault("idle in transaction"), Value(text, "pg_stat_activity_count", App, "state=\"idle in transaction\""));
            Assert.InRange(Value(text, "pg_stat_activity_count", App, "state=\"idle\""), before.ByState.GetValueOrDefault("idle") - 1, before.ByState.GetValueOrDefault("idle") + 1);
            Assert.True(before.ByState.GetValueOrDefault("idle") >= 2, "the application's two idle connections are seen");
            Assert.True(Value(text, "pg_stat_activity_count", App, "state=\"active\"") >= 1, "postgres_exporter sees its own query active");
            var longest = Value(text, "pg_stat_activity_max_tx_duration", App, "state=\"idle in transaction\"");
            Assert.InRange(longest, before.OldestTransactionSeconds - 0.01, after.OldestTransactionSeconds + 0.01);
            output.WriteLine($"read gap {gap:F2} s: xact_commit {before.XactCommit} ≤ {Value(text, "pg_stat_database_xact_commit", App)} ≤ {after.XactCommit}; size {before.SizeBytes}; oldest transaction {before.OldestTransactionSeconds:F2} ≤ {longest:F2} ≤ {after.OldestTransactionSeconds:F2} s");
        }
        finally
        {
            if (exporter is not null)
            {
                await exporter.DisposeAsync();
            }

            await engine.RemoveAsync(db.Name);
            await TempDirectory.DeleteAsync(root);
        }
    }

    private static void Between(double low, double value, double high, string what) =>
        Assert.True(low <= value && value <= high, $"{what}: postgres_exporter read {value}, Supawatch {low} before and {high} after");

    /// <summary>The value of the first sample of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/>.</summary>
    private static double Value(string exposition, string name, params string[] labels)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                var space = line.LastIndexOf(' ');
                if (labels.All(label => line[..space].Contains(label, StringComparison.Ordinal)))
                {
                    return double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
                }
            }
        }

        throw new InvalidOperationException($"postgres_exporter exported no {name} with {string.Join(", ", labels)}");
    }
}
