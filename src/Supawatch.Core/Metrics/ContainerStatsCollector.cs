using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supawatch.Discovery;
using Supawatch.Docker;
using Supawatch.Instances;

namespace Supawatch.Metrics;

/// <summary>
/// Sweeps running tenant containers' CPU and memory in the background and keeps the latest result for the
/// exporter; scrapes never wait on it. Each container is read from its cgroup files where they are visible
/// (<see cref="CgroupStatsReader"/>: no engine work at all), the others through the engine's stats API with
/// bounded concurrency, pacing and a per-call timeout.
/// </summary>
public sealed class ContainerStatsCollector(
    IDockerReaders hosts,
    InventoryStore inventory,
    MetricsOptions options,
    CgroupStatsReader cgroups,
    ExporterSelfMetrics self,
    RenderSignal changed,
    TimeProvider time,
    ILogger<ContainerStatsCollector> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, CpuSample> _previous = new(StringComparer.Ordinal);

    public ImmutableDictionary<string, ContainerStats> Current { get; private set; } = ImmutableDictionary<string, ContainerStats>.Empty;

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var running = inventory.Current.Containers.Where(c => c.IsRunning).Select(c => (c.Id, c.Host)).ToArray();
        var results = new ConcurrentDictionary<string, ContainerStats>(StringComparer.Ordinal);
        var viaApi = ReadCgroups(running, results);
        var spacing = CallPacing.Spacing(viaApi.Count, options.StatsCallsPerSecond, options.StatsInterval / 2);
        var concurrency = Math.Max(1, options.StatsConcurrency);
        await Parallel.ForEachAsync(viaApi.Select((container, index) => (container.Id, container.Host, Due: CallPacing.DueTime(index, spacing, concurrency))),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (container, ct) =>
            {
                await CallPacing.WaitForTurnAsync(started, container.Due, time, ct);
                if (hosts.ReaderFor(container.Host) is { } reader && await ReadAsync(reader, container.Id, ct) is { } stats)
                {
                    results[container.Id] = stats;
                }
            });

        var live = running.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _previous.Keys.Where(id => !live.Contains(id)))
        {
            _previous.TryRemove(gone, out _);
        }

        cgroups.Retain(live);

        Current = results.ToImmutableDictionary(StringComparer.Ordinal);
        self.StatsSweepSeconds.Observe(time.GetElapsedTime(started).TotalSeconds);
        self.StatsLastSuccess.Set(time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        changed.Notify();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first sweep waits for the first inventory, or it would find nothing and wait a whole interval.
        await ((Task)inventory.WaitForNewerAsync(0, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await PeriodicSweep.RunAsync(options.StatsInterval, time, SweepAsync, ex => MetricsLog.StatsSweepFailed(logger, ex.Message), stoppingToken);
    }

    /// <summary>Reads every container whose cgroup is visible; returns the ones left for the stats API.</summary>
    private List<(string Id, string Host)> ReadCgroups((string Id, string Host)[] running, ConcurrentDictionary<string, ContainerStats> results)
    {
        if (options.StatsSource == StatsSource.Api)
        {
            return [.. running];
        }

        var viaApi = new List<(string Id, string Host)>();
        foreach (var container in running)
        {
            if (cgroups.Read(container.Id) is { } reading)
            {
                var memory = reading.InactiveFileBytes < reading.MemoryUsageBytes ? reading.MemoryUsageBytes - reading.InactiveFileBytes : reading.MemoryUsageBytes;
                results[container.Id] = Stats(container.Id, new CpuSample(reading.CpuNanoseconds, time.GetUtcNow()), memory, reading.MemoryLimitBytes);
                self.StatsReads.WithLabels("cgroup").Inc();
            }
            else if (options.StatsSource == StatsSource.Cgroup)
            {
                self.StatsErrors.WithLabels("no_cgroup").Inc();
            }
            else
            {
                viaApi.Add(container);
            }
        }

        return viaApi;
    }

    private ContainerStats Stats(string containerId, CpuSample sample, double memoryBytes, double? memoryLimitBytes)
    {
        double? percent = _previous.TryGetValue(containerId, out var previous) ? CpuSample.Percent(previous, sample) : null;
        _previous[containerId] = sample;
        return new ContainerStats(percent, memoryBytes, memoryLimitBytes, sample.TotalNanoseconds);
    }

    private async Task<ContainerStats?> ReadAsync(DockerContainerReader reader, string containerId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StatsTimeout);
        ContainerStatsAnswer? answer;
        try
        {
            answer = await reader.StatsAsync(containerId, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            self.StatsErrors.WithLabels("timeout").Inc();
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A container that stopped or vanished since the inventory was taken: not worth a log line each time.
            self.StatsErrors.WithLabels("error").Inc();
            MetricsLog.StatsCallFailed(logger, containerId, DockerErrors.Describe(ex));
            return null;
        }

        // Gone, or podman's empty answer for a stopped container.
        if (answer is not { CpuStats.CpuUsage: { } cpu, MemoryStats: { } memory })
        {
            return null;
        }

        var read = DockerContainerMapper.ParseTime(answer.Read) ?? time.GetUtcNow();
        self.StatsReads.WithLabels("api").Inc();
        return Stats(containerId, new CpuSample(cpu.TotalUsage, read), WorkingSet(memory), Limit(memory));
    }

    /// <summary>Usage less inactive page cache, as docker stats computes it (cgroup v1 and v2 key names).</summary>
    private static double WorkingSet(ContainerMemoryStats memory)
    {
        var cache = memory.Stats?.TotalInactiveFile ?? memory.Stats?.InactiveFile ?? 0UL;
        var usage = memory.Usage ?? 0UL;
        return cache < usage ? usage - cache : usage;
    }

    private static double? Limit(ContainerMemoryStats memory) =>
        memory.Limit is > 0 and < (1UL << 62) ? memory.Limit : null;
}
