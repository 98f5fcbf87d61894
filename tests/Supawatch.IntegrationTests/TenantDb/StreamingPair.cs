using System.Globalization;
using Npgsql;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.TenantDb;

/// <summary>
/// A real PostgreSQL 15 streaming replication pair on 127.0.0.1, native (test-environment.md): a primary, and a replica
/// made from it with <c>pg_basebackup -R</c> through a physical replication slot, streaming and in hot standby.
/// </summary>
public sealed class StreamingPair : IAsyncDisposable
{
    public const string SlotName = "replica_1";
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _root;

    private StreamingPair(string root, int primaryPort, int replicaPort)
    {
        _root = root;
        PrimaryPort = primaryPort;
        ReplicaPort = replicaPort;
    }

    public int PrimaryPort { get; }
    public int ReplicaPort { get; }

    private string PrimaryDir => Path.Combine(_root, "primary");
    private string ReplicaDir => Path.Combine(_root, "replica");

    public static async Task<StreamingPair> StartAsync()
    {
        RequiredTool.Find("runuser", "util-linux");
        RequiredTool.RequireFile($"{Bin}/pg_basebackup", "postgresql");
        var root = TempDirectory.Create("replication");
        await ProcessRunner.RunAsync("chown", ["postgres:postgres", root]);
        var pair = new StreamingPair(root, FreePort.Next(), FreePort.Next());
        try
        {
            // initdb's trust rules include replication connections from 127.0.0.1.
            await AsPostgresAsync("initdb", "-D", pair.PrimaryDir, "-U", "postgres", "-A", "trust", "--no-sync");
            await pair.StartServerAsync(pair.PrimaryDir, pair.PrimaryPort);
            await AsPostgresAsync("pg_basebackup", "-h", "127.0.0.1", "-p", pair.PrimaryPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                "-D", pair.ReplicaDir, "-R", "-C", "-S", SlotName, "-X", "stream", "--no-sync");
            await pair.StartServerAsync(pair.ReplicaDir, pair.ReplicaPort);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    public static string ConnectionString(int port) => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=5;Pooling=false;Application Name=supawatch-test";

    public static async Task<T> ScalarAsync<T>(int port, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(port));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Restarts the replica with <c>hot_standby</c> as given: off, it recovers and refuses every connection.</summary>
    public async Task RestartReplicaAsync(bool hotStandby)
    {
        await AsPostgresAsync("pg_ctl", "-D", ReplicaDir, "-m", "fast", "-w", "-t", "30", "stop");
        await StartServerAsync(ReplicaDir, ReplicaPort, hotStandby, waitReady: hotStandby);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dir in new[] { ReplicaDir, PrimaryDir })
        {
            if (File.Exists(Path.Combine(dir, "postmaster.pid")))
            {
                await ProcessRunner.TryRunAsync("runuser", ["-u", "postgres", "--", $"{Bin}/pg_ctl", "-D", dir, "-m", "immediate", "-w", "-t", "30", "stop"], CommandTimeout);
            }
        }

        await TempDirectory.DeleteAsync(_root);
    }

    private async Task StartServerAsync(string dir, int port, bool hotStandby = true, bool waitReady = true)
    {
        var options = $"-p {port} -c listen_addresses=127.0.0.1 -k {_root} -c fsync=off -c shared_buffers=16MB -c hot_standby={(hotStandby ? "on" : "off")}";
        // -w waits for a server that accepts connections; a replica without hot standby never does, so it is not waited for.
        await AsPostgresAsync("pg_ctl", "-D", dir, "-l", Path.Combine(dir, "server.log"), "-o", options, waitReady ? "-w" : "-W", "-t", "60", "start");
    }

    private static Task<ProcessResult> AsPostgresAsync(string tool, params string[] arguments) =>
        ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", $"{Bin}/{tool}", .. arguments], CommandTimeout);
}
