using Npgsql;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.TenantDb;

/// <summary>
/// A tenant <c>_db</c> as Supabase's images run one: real PostgreSQL 15 in a container on either engine (the host's
/// binaries, as the engine fixtures' <c>RunPostgresDbAsync</c> runs them), initialised from its own <c>POSTGRES_USER</c> /
/// <c>POSTGRES_PASSWORD</c> / <c>POSTGRES_DB</c> environment, password (SCRAM) authentication for host connections.
/// </summary>
public sealed record TenantPostgres(string Id, string Name, int HostPort, string User, string Password, string Database)
{
    private const string Bin = "/usr/lib/postgresql/15/bin";

    // The password reaches initdb through a file, never a command line; the database is created in single-user mode.
    private const string Script = $$"""
        set -e
        D=$(mktemp -d /tmp/supawatch-db.XXXXXX)
        printf '%s' "$POSTGRES_PASSWORD" > "$D.pw"
        {{Bin}}/initdb -D "$D" -U "$POSTGRES_USER" --pwfile="$D.pw" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
        rm -f "$D.pw"
        echo "host all all 0.0.0.0/0 scram-sha-256" >> "$D/pg_hba.conf"
        if [ "$POSTGRES_DB" != postgres ]; then echo "CREATE DATABASE \"$POSTGRES_DB\"" | {{Bin}}/postgres --single -D "$D" postgres >/dev/null; fi
        if [ -n "$RESTART_PAUSE" ]; then
          # A server restarting inside its running container: stopped, it is down for RESTART_PAUSE seconds, then starts again.
          while :; do {{Bin}}/postgres -D "$D" -c listen_addresses=0.0.0.0 -k "$D" -c fsync=off -c shared_buffers=16MB -c max_connections="$MAX_CONNECTIONS" || true; sleep "$RESTART_PAUSE"; done
        fi
        exec {{Bin}}/postgres -D "$D" -c listen_addresses=0.0.0.0 -k "$D" -c fsync=off -c shared_buffers=16MB -c max_connections="$MAX_CONNECTIONS" -c deadlock_timeout=200ms
        """;

    public string ConnectionString => $"Host=127.0.0.1;Port={HostPort};Username={User};Password={Password};Database={Database};Timeout=5;Pooling=false";

    /// <summary>libpq's URL for the same database (postgres_exporter's DATA_SOURCE_NAME).</summary>
    public string Url => $"postgresql://{User}:{Password}@127.0.0.1:{HostPort}/{Database}?sslmode=disable";

    public static async Task<TenantPostgres> RunAsync(ContainerEngineFixture engine, string name, string user, string password, string database, int maxConnections = 30, int restartPauseSeconds = 0)
    {
        RequiredTool.RequireFile($"{Bin}/postgres", "postgresql");
        var port = FreePort.Next();
        var id = (await engine.RunAsync(name, [
            "--stop-signal", "SIGINT",
            "-e", "POSTGRES_USER=" + user, "-e", "POSTGRES_PASSWORD=" + password, "-e", "POSTGRES_DB=" + database,
            "-e", "MAX_CONNECTIONS=" + maxConnections, "-e", "RESTART_PAUSE=" + (restartPauseSeconds > 0 ? restartPauseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""),
            "-p", $"127.0.0.1:{port}:5432", .. await engine.PostgresRunArgumentsAsync(), "/bin/sh", "-c", Script])).Trim();
        var db = new TenantPostgres(id, name, port, user, password, database);
        await Wait.UntilAsync(async () =>
        {
            await using var connection = await db.OpenAsync();
            return true;
        }, TimeSpan.FromSeconds(30), $"tenant PostgreSQL {name} on 127.0.0.1:{port}");
        return db;
    }

    /// <summary>
    /// Stops the server inside its container (fast shutdown) without stopping the container; with
    /// <c>restartPauseSeconds</c> it starts again after that pause.
    /// </summary>
    public Task StopServerAsync(ContainerEngineFixture engine) =>
        engine.CliAsync("exec", Name, "/bin/sh", "-c", "kill -INT $(head -n 1 /tmp/supawatch-db.*/postmaster.pid)");

    public async Task<NpgsqlConnection> OpenAsync(string? user = null, string? password = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = "supawatch-test" };
        if (user is not null)
        {
            builder.Username = user;
            builder.Password = password;
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs Debian's pgbench against this database (password through PGPASSWORD, not the command line).</summary>
    public Task<ProcessResult> PgbenchAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(RequiredTool.RequireFile($"{Bin}/pgbench", "postgresql"),
            ["-h", "127.0.0.1", "-p", HostPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User, .. arguments, Database],
            TimeSpan.FromSeconds(120), new Dictionary<string, string> { ["PGPASSWORD"] = Password });
}
