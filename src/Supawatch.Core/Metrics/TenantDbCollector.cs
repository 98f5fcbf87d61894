using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Supawatch.Common;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Metrics;

/// <summary>
/// Reads connection counts from each instance's <c>_db</c> through its published port, when tenant DB
/// credentials are configured. Connections are opened without pooling and closed at once, and the query
/// leaves out its own backend, so Supawatch does not inflate what it measures.
/// </summary>
public sealed class TenantDbCollector(
    InventoryStore inventory,
    TenantDbOptions options,
    DiscoveryOptions discovery,
    ExporterSelfMetrics self,
    RenderSignal changed,
    TimeProvider time,
    ILogger<TenantDbCollector> logger) : BackgroundService
{
    private const string Query = """
        SELECT coalesce(state, 'unknown'), count(*)::int
        FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
        GROUP BY 1;
        SELECT current_setting('max_connections')::int;
        """;

    public ImmutableDictionary<string, DatabaseConnections> Current { get; private set; } =
        ImmutableDictionary<string, DatabaseConnections>.Empty;

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (!options.IsEnabled)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var targets = inventory.Current.Instances
            .Select(i => (Instance: i, Db: i.Component("db")))
            .Where(t => t.Db is { IsRunning: true })
            .Select(t => (t.Instance.InstanceId, Port: t.Db!.Ports.FirstOrDefault(p => p.PrivatePort == options.Port && p.Protocol == "tcp")))
            .Where(t => t.Port is not null)
            .ToArray();

        var results = new ConcurrentDictionary<string, DatabaseConnections>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(targets,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                if (await ReadAsync(target.InstanceId, target.Port!, ct) is { } connections)
                {
                    results[target.InstanceId] = connections;
                }
            });

        Current = results.ToImmutableDictionary(StringComparer.Ordinal);
        self.TenantDbSweepSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        changed.Notify();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.IsEnabled)
        {
            return;
        }

        // The first sweep waits for the first inventory, or it would find nothing and wait a whole interval.
        await ((Task)inventory.WaitForNewerAsync(0, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await PeriodicSweep.RunAsync(options.Interval, time, SweepAsync, ex => MetricsLog.TenantDbFailed(logger, "*", "sweep", ex.Message), stoppingToken);
    }

    private async Task<DatabaseConnections?> ReadAsync(string instanceId, PublishedPort port, CancellationToken cancellationToken)
    {
        var (host, hostPort) = ScrapeTargets.SplitAddress(ScrapeTargets.Address(port, discovery.TargetHost));
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = hostPort,
            Username = options.User,
            Password = options.Password,
            Database = options.Database,
            Pooling = false,
            Timeout = Math.Max(1, (int)Math.Ceiling(options.Timeout.TotalSeconds)),
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.Timeout.TotalSeconds)),
            ApplicationName = "supawatch",
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand(Query, connection);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            var byState = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync(timeout.Token))
            {
                byState[reader.GetString(0)] = reader.GetInt32(1);
            }

            await reader.NextResultAsync(timeout.Token);
            var max = await reader.ReadAsync(timeout.Token) ? reader.GetInt32(0) : 0;
            return new DatabaseConnections(byState.ToImmutable(), max);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = ex switch
            {
                OperationCanceledException or TimeoutException => "timeout",
                PostgresException { SqlState: "28P01" or "28000" } => "auth",
                NpgsqlException { InnerException: SocketException } => "refused",
                _ => "error",
            };
            self.TenantDbErrors.WithLabels(reason).Inc();
            MetricsLog.TenantDbFailed(logger, instanceId, reason, SafeText.Printable(ex.GetBaseException().Message));
            return null;
        }
    }
}
