using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Supawatch.Bench.Measurement;
using Supawatch.Health;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Status;

namespace Supawatch.Bench.Memory;

/// <summary>
/// <c>history-90d</c> (issue 25): what a FULL history store costs the steady heap. The memory-floor scenarios see it only with
/// --history-days (the whole service); this measures the store's share alone. For --instances and --scale-instances instances, a SQLite history file is seeded
/// with 90 days of daily buckets, 48 hourly buckets and about three closed incidents per instance (<see cref="HistorySeed"/>); then, in
/// process, the store is opened and read the way every health round reads it (<see cref="HistoryStore.Read"/>): the
/// managed heap it holds after a full collection (store, its caches and the round's summary), the bytes one warm read
/// allocates and its time, and the bytes and time of one status document built from it.
/// </summary>
internal sealed class HistoryHeapScenario(BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    public const string Name = "history-90d";

    private const int WarmReads = 5;

    private const int Builds = 3;

    public Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        // Noon UTC, so 'today' has half a day of rounds and the 24 hours reach into yesterday's hourly buckets.
        var now = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);
        var table = new MarkdownTable("instances", "heap held (store + summary)", "per instance", "status strips kept", "per instance", "strips kept, today changing every round", "per instance", "one warm read allocates", "warm read p50", "status document build + gzip allocates", "build + gzip p50");
        foreach (var instances in new[] { arguments.Instances, arguments.ScaleInstances }.Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = Directory.CreateTempSubdirectory("supawatch-bench-history-");
            try
            {
                var path = Path.Combine(directory.FullName, "history.db");
                var seeding = Stopwatch.StartNew();
                HistorySeed.Write(path, instances, 90, now, Id, Org);
                log.WriteLine($"{Name}: seeded {instances:N0} instances × 90 days in {seeding.Elapsed.TotalSeconds:0.0} s ({new FileInfo(path).Length / 1e6:0.0} MB)");
                var row = Measure(path, instances, now, cancellationToken);
                log.WriteLine($"{Name}: {instances:N0}: heap held {Format.MB(row.Held)}, status strips kept {Format.MB(row.Strips)} ({Format.MB(row.ChangingStrips)} with today changing every round), warm read allocates {Format.MB(row.ReadAllocated)} in {row.ReadMs:0} ms, build allocates {Format.MB(row.BuildAllocated)} in {row.BuildMs:0} ms");
                table.Row(
                    instances.ToString("N0", CultureInfo.InvariantCulture),
                    Format.MB(row.Held),
                    (row.Held / instances).ToString("N0", CultureInfo.InvariantCulture) + " B",
                    Format.MB(row.Strips),
                    (row.Strips / instances).ToString("N0", CultureInfo.InvariantCulture) + " B",
                    Format.MB(row.ChangingStrips),
                    (row.ChangingStrips / instances).ToString("N0", CultureInfo.InvariantCulture) + " B",
                    Format.MB(row.ReadAllocated),
                    Format.Ms(row.ReadMs),
                    Format.MB(row.BuildAllocated),
                    Format.Ms(row.BuildMs));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                directory.Delete(recursive: true);
            }
        }

        var markdown = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"## 90 days of history in the heap (`bash bench/run.sh {Name}`, SYNTHETIC history)\n\n")
            .Append(CultureInfo.InvariantCulture, $"{machine.Describe()}; load {MachineInfo.LoadNow()}; in process, measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC. ")
            .Append("Heap held: the managed heap after a full collection while the store and one round's summary are alive, less the heap before the store was opened. ")
            .Append(CultureInfo.InvariantCulture, $"Warm read: `HistoryStore.Read` as a round calls it once the past days are cached (p50 of {WarmReads}). ")
            .Append(CultureInfo.InvariantCulture, $"Strips kept: the heap the status documents' strip cache holds after {Builds} builds; today changing every round: after {Builds} more, each after a round in which every instance was down (a refusing fleet).\n\n")
            .Append(table)
            .ToString();
        return Task.FromResult(new ScenarioReport(Name, markdown, []));
    }

    private static (long Held, long Strips, long ChangingStrips, long ReadAllocated, double ReadMs, long BuildAllocated, double BuildMs) Measure(string path, int instances, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var healths = Healths(instances, now);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var store = new HistoryStore(path, TimeSpan.FromSeconds(5));
        var summary = store.Read(now);
        var readTimes = new List<double>();
        var readAllocated = new List<long>();
        for (var i = 0; i < WarmReads; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            summary = store.Read(now.AddSeconds(i + 1));
            readTimes.Add(watch.Elapsed.TotalMilliseconds);
            readAllocated.Add(GC.GetAllocatedBytesForCurrentThread() - allocated);
        }

        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        // Its own cache, dropped at the end to weigh what it holds. Only the methods below touch it: a frame that did
        // could keep it alive (tier-0 code reports its temporaries live to the end).
        var cache = new StatusDaysCache[1];
        var snapshot = new HealthSnapshot { Round = 1, CheckedAt = now, Interval = TimeSpan.FromSeconds(30), Instances = healths, History = summary };
        var (buildAllocated, buildMs) = SameRounds(cache, snapshot, now);

        // What the service holds between rounds on top: the kept 90-day strips (StatusDaysCache).
        var strips = GC.GetTotalMemory(forceFullCollection: true) - before - held;
        RefusingRounds(cache, store, snapshot, now);
        var withCache = GC.GetTotalMemory(forceFullCollection: true);
        cache[0] = null!;
        var changingStrips = withCache - GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(summary);
        return (held, strips, changingStrips, Median(readAllocated), Median(readTimes), buildAllocated, buildMs);
    }

    /// <summary>Status documents of one unchanged snapshot, built and gzipped as a round does: allocation and time, p50.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long Allocated, double Ms) SameRounds(StatusDaysCache[] cache, HealthSnapshot snapshot, DateTimeOffset now)
    {
        cache[0] = new StatusDaysCache();
        var times = new List<double>();
        var allocated = new List<long>();
        for (var i = 0; i < Builds; i++)
        {
            var start = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(StatusJson.SerializeGzipped(StatusDocumentBuilder.Build(snapshot, now, strips: cache[0])));
            times.Add(watch.Elapsed.TotalMilliseconds);
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - start);
        }

        return (Median(allocated), Median(times));
    }

    /// <summary>A refusing fleet: every instance down every round, so every today changes (the history written, read back, built).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RefusingRounds(StatusDaysCache[] cache, HistoryStore store, HealthSnapshot snapshot, DateTimeOffset now)
    {
        for (var round = 1; round <= Builds; round++)
        {
            var at = now.AddSeconds(30 * round);
            store.Write(new HistoryRound(at, [.. snapshot.Instances.Select(h => new HistorySample(h.InstanceId, h.OrgId, HealthStatus.Down, null))], []));
            var history = store.Read(at);
            GC.KeepAlive(StatusJson.SerializeGzipped(StatusDocumentBuilder.Build(snapshot with { Round = 1 + round, History = history }, at, strips: cache[0])));
        }
    }

    private static ImmutableArray<InstanceHealth> Healths(int instances, DateTimeOffset now)
    {
        var healths = ImmutableArray.CreateBuilder<InstanceHealth>(instances);
        for (var i = 0; i < instances; i++)
        {
            healths.Add(new InstanceHealth(Id(i), Org(i), Org(i), $"project {i}", HealthStatus.Up, HealthStatus.Up, now.AddDays(-1), null, []));
        }

        return healths.MoveToImmutable();
    }

    private static string Id(int i) => $"inst{i:D5}";

    private static string Org(int i) => $"org{i / 10:D4}";

    private static T Median<T>(List<T> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
