using System.Diagnostics;
using Npgsql;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A real PostgreSQL 15 on 127.0.0.1 (a free port) in a temp directory: initdb as the postgres user,
/// trust authentication, fsync off. Use as a class or collection fixture (<see cref="PostgresCollectionDefinition"/>).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string PostgresBin = "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private string? _root;
    private string _runuser = "runuser";

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>Npgsql connection string for the <c>postgres</c> database as superuser <c>postgres</c>.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5";

    /// <summary>The same server as a libpq URL.</summary>
    public string Url => $"postgresql://postgres@127.0.0.1:{Port}/postgres";

    /// <summary>The server's PID (postmaster.pid), or null when it is not running.</summary>
    public int? ServerPid => _root is not null && File.Exists(PidFile) && int.TryParse(File.ReadLines(PidFile).First(), out var pid) ? pid : null;

    private string DataDirectory => Path.Combine(_root ?? throw new InvalidOperationException("PostgresFixture is not initialized."), "data");

    private string PidFile => Path.Combine(DataDirectory, "postmaster.pid");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _runuser = RequiredTool.Find("runuser", "util-linux");
        RequiredTool.RequireFile($"{PostgresBin}/initdb", "postgresql");
        _root = TempDirectory.Create("postgres");
        try
        {
            // initdb refuses to run as root; the postgres user needs to own the directory.
            await ProcessRunner.RunAsync("chown", ["postgres:postgres", _root]);
            await RunAsPostgresAsync("initdb", "-D", DataDirectory, "-U", "postgres", "-A", "trust", "--no-sync");
            Port = FreePort.Next();
            await StartServerAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server on <see cref="Port"/> (again, after <see cref="StopServerAsync"/>) and waits until it answers.</summary>
    public async Task StartServerAsync()
    {
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -k {_root} -c fsync=off";
        await RunAsPostgresAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_root!, "server.log"), "-o", options, "-w", "-t", "60", "start");
        NpgsqlConnection.ClearAllPools(); // pooled connections died with the previous server
        await ExecuteAsync("SELECT 1");
    }

    /// <summary>Stops the server (fast shutdown) to test what happens when the database goes away.</summary>
    public Task StopServerAsync() =>
        RunAsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "20", "stop");

    /// <summary>Runs <paramref name="sql"/> on a fresh connection and returns the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }

        // Fast shutdown: pooled client connections must not keep the server up.
        if (ServerPid is { } pid)
        {
            var stop = await ProcessRunner.TryRunAsync(
                _runuser, ["-u", "postgres", "--", $"{PostgresBin}/pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "20", "stop"],
                Timeout);
            if (stop.ExitCode != 0)
            {
                KillTree(pid);
            }
        }

        await TempDirectory.DeleteAsync(_root);
        _root = null;
    }

    private static void KillTree(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private async Task RunAsPostgresAsync(string program, params string[] arguments) =>
        await ProcessRunner.RunAsync(_runuser, ["-u", "postgres", "--", $"{PostgresBin}/{program}", .. arguments], Timeout);
}
