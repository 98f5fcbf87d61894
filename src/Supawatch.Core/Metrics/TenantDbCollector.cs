using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supawatch.Common;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Metrics;

/// <summary>
/// Reads every tenant's <c>_db</c> in the background, on its own interval, with bounded concurrency, through its
/// published port. Each database gets one connection, opened once and kept between sweeps (no pooling, no churn);
/// a lost connection is reopened only when the last reading left the tenant a free slot, so the monitor never takes
/// a tenant's last connection. Credentials come from the container's environment through the Docker API
/// (<see cref="TenantDbLogins"/>), cached per container id and never written anywhere. The health probe reads through
/// the same kept connection (<see cref="KeptFor"/>), so the monitor holds at most one per database.
/// A failure is that tenant's own status (<see cref="TenantDbStatus"/>); the sweep goes on.
/// </summary>
public sealed class TenantDbCollector(
    InventoryStore inventory,
    TenantDbOptions options,
    DiscoveryOptions discovery,
    TenantDbLogins logins,
    ExporterSelfMetrics self,
    RenderSignal changed,
    TimeProvider time,
    ILogger<TenantDbCollector> logger) : BackgroundService
{
    /// <summary>Sweeps a database at its connection limit is left alone before the monitor tries again.</summary>
    public const int AtLimitBackoffSweeps = 4;

    private readonly ConcurrentDictionary<string, TenantDbSession> _sessions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ImmutableDictionary<string, TenantDbStatus> Current { get; private set; } =
        ImmutableDictionary<string, TenantDbStatus>.Empty;

    /// <summary>Connections held open now, one per database at most.</summary>
    public int OpenConnections => _sessions.Count;

    /// <summary>
    /// The connection kept open to this <c>_db</c> container, for the health probe to read through instead of opening a
    /// second one; null when there is none (not swept yet, unreadable, or at its limit).
    /// </summary>
    public TenantDbSession? KeptFor(string instanceId, string containerId) =>
        options.IsEnabled && _sessions.TryGetValue(instanceId, out var session) && session.ContainerId == containerId ? session : null;

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (!options.IsEnabled)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var previous = Current;
            var targets = inventory.Current.Instances
                .Select(i => (Instance: i, Db: i.Component("db")))
                .Where(t => t.Db is { IsRunning: true })
                .Select(t => (t.Instance.InstanceId, Db: t.Db!))
                .ToArray();

            var results = new ConcurrentDictionary<string, TenantDbStatus>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(targets,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken },
                async (target, ct) =>
                {
                    var status = await ReadAsync(target.InstanceId, target.Db, previous.GetValueOrDefault(target.InstanceId), ct);
                    results[target.InstanceId] = status;
                    Report(target.InstanceId, previous.GetValueOrDefault(target.InstanceId), status);
                });

            // A tenant removed or its database stopped while the sweep ran loses its status and its connection now.
            var live = inventory.Current.Instances
                .Select(i => (i.InstanceId, Db: i.Component("db")))
                .Where(t => t.Db is { IsRunning: true })
                .ToDictionary(t => t.InstanceId, t => t.Db!.Id, StringComparer.Ordinal);
            foreach (var (instanceId, session) in _sessions)
            {
                if (!live.ContainsKey(instanceId) && _sessions.TryRemove(instanceId, out _))
                {
                    await session.DisposeAsync();
                }
            }

            logins.RetainOnly(live.Values.ToHashSet(StringComparer.Ordinal));

            Current = results
                .Where(r => live.TryGetValue(r.Key, out var id) && id == r.Value.ContainerId)
                .ToImmutableDictionary(StringComparer.Ordinal);
            self.TenantDbSweepSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            self.TenantDbConnections.Set(_sessions.Count);
            changed.Notify();
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.IsEnabled)
        {
            return;
        }

        // The first sweep waits for the first inventory, or it would find nothing and wait a whole interval.
        await ((Task)inventory.WaitForNewerAsync(0, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await PeriodicSweep.RunAsync(options.Interval, time, SweepAsync, ex => MetricsLog.TenantDbSweepFailed(logger, ex.Message), stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var instanceId in _sessions.Keys)
        {
            if (_sessions.TryRemove(instanceId, out var session))
            {
                await session.DisposeAsync();
            }
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private async Task<TenantDbStatus> ReadAsync(string instanceId, ContainerInfo db, TenantDbStatus? previous, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lastReading = previous?.ContainerId == db.Id ? previous.Reading ?? previous.LastReading : null;
        TenantDbStatus Status(bool? up, string? reason, string? error, TenantDbReading? reading = null, int skip = 0) =>
            new(up, reason, error, now, reading, _sessions.ContainsKey(instanceId) ? 1 : 0, db.Id) { LastReading = reading ?? lastReading, SkipSweeps = skip };

        var port = db.Ports.FirstOrDefault(p => p.PrivatePort == options.Port && p.Protocol == "tcp");
        if (port is null)
        {
            await CloseAsync(instanceId);
            return Status(null, TenantDbReasons.NoPort, $"container port {options.Port.ToString(CultureInfo.InvariantCulture)}/tcp is not published");
        }

        TenantDbCredentials? credentials;
        try
        {
            credentials = await logins.ForAsync(db, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            self.TenantDbErrors.WithLabels(TenantDbReasons.Docker).Inc();
            return Status(false, TenantDbReasons.Docker, "reading the container's environment failed: " + SafeText.Printable(ex.GetBaseException().Message));
        }

        if (credentials is null)
        {
            await CloseAsync(instanceId);
            return Status(null, TenantDbReasons.NoCredentials, "set SUPAWATCH_DB_USER, or leave SUPAWATCH_DB_FROM_CONTAINER on");
        }

        var address = ScrapeTargets.Address(port, discovery.TargetHost);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            if (_sessions.TryGetValue(instanceId, out var kept) && kept.IsFor(address, credentials))
            {
                try
                {
                    return Status(true, null, null, await kept.UseAsync((c, ct) => TenantDbQuery.ReadAsync(c, kept.CanReadWal, ct), timeout.Token));
                }
                catch (Exception) when (!timeout.IsCancellationRequested)
                {
                    // The kept connection was lost (the server restarted, or an operator ended it): one new one below,
                    // if the budget allows, in this same sweep.
                }
            }

            await CloseAsync(instanceId);
            if (previous is { SkipSweeps: > 0 } && previous.ContainerId == db.Id)
            {
                return Status(false, previous.Reason, previous.Error, skip: previous.SkipSweeps - 1);
            }

            // The budget: never open the connection that would take a tenant's last free slot.
            if (lastReading is { } last && last.UsableConnections - last.Connections <= 1)
            {
                return Status(false, TenantDbReasons.AtLimit,
                    $"the last reading saw {last.Connections.ToString(CultureInfo.InvariantCulture)} of {last.UsableConnections.ToString(CultureInfo.InvariantCulture)} usable connections in use; the monitor does not take the last one",
                    skip: AtLimitBackoffSweeps);
            }

            var session = await TenantDbSession.OpenAsync(address, credentials, db.Id, options.Timeout, timeout.Token);
            _sessions[instanceId] = session;
            return Status(true, null, null, await session.UseAsync((c, ct) => TenantDbQuery.ReadAsync(c, session.CanReadWal, ct), timeout.Token));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await CloseAsync(instanceId);
            var reason = TenantDbReasons.Of(ex);
            self.TenantDbErrors.WithLabels(reason).Inc();
            if (reason == TenantDbReasons.Auth)
            {
                // A recreated login is read again from the container next sweep.
                logins.Forget(db.Id);
            }

            return Status(false, reason, SafeText.Printable(ex.GetBaseException().Message),
                skip: reason == TenantDbReasons.TooManyConnections ? AtLimitBackoffSweeps : 0);
        }
    }

    private async Task CloseAsync(string instanceId)
    {
        if (_sessions.TryRemove(instanceId, out var session))
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>Logs a change of a tenant's state, not every failed sweep: at 1,000 tenants a steady fault is one line.</summary>
    private void Report(string instanceId, TenantDbStatus? previous, TenantDbStatus current)
    {
        if (current.Up == false && (previous?.Up != false || previous.Reason != current.Reason))
        {
            MetricsLog.TenantDbFailed(logger, instanceId, current.Reason ?? TenantDbReasons.Error, current.Error ?? "");
        }
        else if (current.Up == true && previous?.Up == false)
        {
            MetricsLog.TenantDbRecovered(logger, instanceId);
        }
    }
}
