using System.Globalization;
using Docker.DotNet;
using Npgsql;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// What <see cref="DockerEngineFixture"/> and <see cref="PodmanFixture"/> share: every container helper is written once
/// here over the engine's CLI (the two CLIs take the same arguments for what the tests use); an engine supplies its CLI,
/// how it starts and stops, and how a container runs the host's PostgreSQL.
/// </summary>
public abstract class ContainerEngineFixture : IContainerEngine, IAsyncLifetime
{
    /// <summary>PostgreSQL's binaries on the host, which the tenant <c>_db</c> containers run.</summary>
    protected const string PostgresBin = "/usr/lib/postgresql/15/bin";

    /// <summary>How long a CLI call may take.</summary>
    protected static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private string? _root;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public string Root => _root ?? throw NotStarted();

    /// <inheritdoc />
    public abstract string SocketPath { get; }

    /// <inheritdoc />
    public string DockerHost => "unix://" + SocketPath;

    /// <inheritdoc />
    public abstract Task InitializeAsync();

    /// <inheritdoc />
    public abstract Task DisposeAsync();

    /// <inheritdoc />
    public async Task<string> CliAsync(params string[] arguments)
    {
        var result = await TryCliAsync(arguments);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : throw new InvalidOperationException(result.Describe());
    }

    /// <summary>Runs the engine's CLI and returns the result whatever the exit code.</summary>
    public abstract Task<ProcessResult> TryCliAsync(params string[] arguments);

    /// <inheritdoc />
    public Task<string> RunAsync(string name, params string[] arguments) => CliAsync(["run", "-d", "--name", name, .. arguments]);

    /// <inheritdoc />
    public async Task<HttpdContainer> RunHttpdAsync(string name, int hostPort = 0, IReadOnlyDictionary<string, string>? labels = null, bool servesMetrics = true)
    {
        var port = hostPort == 0 ? FreePort.Next() : hostPort;
        var www = Directory.CreateDirectory(Path.Combine(Root, "www", name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(www, "index.html"), $"<html><body>supawatch test page {name}</body></html>\n");
        var allLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>());
        if (servesMetrics)
        {
            await File.WriteAllTextAsync(Path.Combine(www, "metrics"), "# HELP supawatch_test_page_up A test container's own metric.\n# TYPE supawatch_test_page_up gauge\nsupawatch_test_page_up 1\n");
            allLabels.TryAdd("supawatch.metrics_port", "80");
        }

        var id = await RunAsync(name, [
            .. LabelArguments(allLabels), "-v", $"{www}:/www:ro", "-p", $"127.0.0.1:{port}:80",
            BusyboxImage.Reference, "httpd", "-f", "-p", "80", "-h", "/www",
        ]);
        var httpd = new HttpdContainer(id, name, port, www);
        await WaitUntilReadyAsync(name, $"httpd {name} at {httpd.Url}", async () =>
        {
            using var response = await Http.GetAsync(httpd.Url);
            return response.IsSuccessStatusCode;
        });
        return httpd;
    }

    /// <inheritdoc />
    public async Task<PostgresContainer> RunPostgresDbAsync(string name, int hostPort = 0, IReadOnlyDictionary<string, string>? labels = null)
    {
        RequiredTool.RequireFile($"{PostgresBin}/postgres", "postgresql");
        var port = hostPort == 0 ? FreePort.Next() : hostPort;
        const string Script = $"""
            set -e
            D=$(mktemp -d /tmp/supawatch-db.XXXXXX)
            {PostgresBin}/initdb -D "$D" -U postgres -A trust >/dev/null
            echo "host all all 0.0.0.0/0 trust" >> "$D/pg_hba.conf"
            exec {PostgresBin}/postgres -D "$D" -c listen_addresses=0.0.0.0 -k "$D" -c fsync=off
            """;
        // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for pooled clients to leave.
        var id = await RunAsync(name, [
            .. LabelArguments(labels), "--stop-signal", "SIGINT", "-p", $"127.0.0.1:{port}:5432",
            .. await HostPostgresArgumentsAsync(), "/bin/sh", "-c", Script,
        ]);
        var db = new PostgresContainer(id, name, port);
        await WaitUntilReadyAsync(name, $"PostgreSQL container {name} on 127.0.0.1:{port}", async () =>
        {
            await using var connection = new NpgsqlConnection(db.ConnectionString + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return await command.ExecuteScalarAsync() is 1;
        });
        return db;
    }

    /// <inheritdoc />
    public Task StopAsync(string nameOrId, int timeoutSeconds = 2) =>
        CliAsync("stop", "-t", timeoutSeconds.ToString(CultureInfo.InvariantCulture), nameOrId);

    /// <inheritdoc />
    public Task StartAsync(string nameOrId) => CliAsync("start", nameOrId);

    /// <inheritdoc />
    public Task KillAsync(string nameOrId, string signal = "KILL") => CliAsync("kill", "-s", signal, nameOrId);

    /// <inheritdoc />
    public Task PauseAsync(string nameOrId) => CliAsync("pause", nameOrId);

    /// <inheritdoc />
    public Task UnpauseAsync(string nameOrId) => CliAsync("unpause", nameOrId);

    /// <inheritdoc />
    public Task RenameAsync(string nameOrId, string newName) => CliAsync("rename", nameOrId, newName);

    /// <inheritdoc />
    public virtual async Task RemoveAsync(string nameOrId)
    {
        var result = await TryCliAsync("rm", "-f", nameOrId);
        if (result.ExitCode != 0 && !IsNoSuchContainer(result))
        {
            throw new InvalidOperationException(result.Describe());
        }
    }

    /// <inheritdoc />
    public abstract Task KillEngineAsync();

    /// <inheritdoc />
    public abstract Task StartEngineAsync();

    /// <inheritdoc />
    public DockerClient CreateDockerClient() => new DockerClientBuilder().WithEndpoint(new Uri(DockerHost)).Build();

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>
    /// The <c>run</c> options, image included, that let a container run the host's PostgreSQL as the postgres user;
    /// the command (<c>/bin/sh -c …</c>) follows them.
    /// </summary>
    protected abstract Task<IReadOnlyList<string>> HostPostgresArgumentsAsync();

    /// <summary><see cref="HostPostgresArgumentsAsync"/>, for a test's own PostgreSQL container (TenantDb's <c>TenantPostgres</c>).</summary>
    public Task<IReadOnlyList<string>> PostgresRunArgumentsAsync() => HostPostgresArgumentsAsync();

    /// <summary>Creates the fixture's temp directory <c>NAME-xxxxxxxx</c> under the run directory and returns it.</summary>
    protected string CreateRoot(string name) => _root = TempDirectory.Create(name);

    /// <summary>Deletes the fixture's temp directory (unmounting what is mounted below it).</summary>
    protected async Task DeleteRootAsync()
    {
        if (_root is not null)
        {
            await TempDirectory.DeleteAsync(_root);
            _root = null;
        }
    }

    /// <summary>True once <see cref="CreateRoot"/> ran and until <see cref="DeleteRootAsync"/>.</summary>
    protected bool HasRoot => _root is not null;

    /// <summary>The exception for a helper called before <see cref="InitializeAsync"/>.</summary>
    protected InvalidOperationException NotStarted() => new($"{GetType().Name} is not initialized.");

    /// <summary>Docker says "No such container"; podman "no such container".</summary>
    protected static bool IsNoSuchContainer(ProcessResult result) =>
        (result.StandardError + result.StandardOutput).Contains("no such container", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> LabelArguments(IReadOnlyDictionary<string, string>? labels) =>
        (labels ?? new Dictionary<string, string>()).SelectMany(label => new[] { "--label", $"{label.Key}={label.Value}" });

    private async Task WaitUntilReadyAsync(string name, string what, Func<Task<bool>> ready)
    {
        try
        {
            await Wait.UntilAsync(ready, ReadyTimeout, what, TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException ex)
        {
            var logs = await TryCliAsync("logs", "--tail", "40", name);
            // A container that never became ready would otherwise stay behind for the collection's later tests.
            try
            {
                await RemoveAsync(name);
            }
            catch (InvalidOperationException)
            {
                // The timeout below says what went wrong; a failed clean-up must not hide it.
            }

            throw new InvalidOperationException($"{ex.Message}\n--- {Name} logs {name} ---\n{logs.StandardOutput}{logs.StandardError}", ex);
        }
    }
}
