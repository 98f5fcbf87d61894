using System.Diagnostics;
using Supawatch.History;
using Supawatch.Instances;

namespace Supawatch.Bench.Health;

/// <summary>
/// What the history store adds to every round for a fleet: one round's write (one transaction) and the summary
/// read that feeds the page, on a store already holding 90 days for every instance.
/// </summary>
internal static class HistoryCost
{
    public static (TimeSpan Fill, TimeSpan Write, TimeSpan Read, long Bytes) Measure(int instances, string directory)
    {
        var path = Path.Combine(directory, "history-bench.db");
        var now = DateTimeOffset.UtcNow;
        using var store = new HistoryStore(path, TimeSpan.FromSeconds(5));
        var fill = Stopwatch.StartNew();
        for (var day = 89; day >= 1; day--)
        {
            store.Write(Round(instances, now.AddDays(-day)));
        }

        fill.Stop();
        store.Write(Round(instances, now.AddMinutes(-1)));
        var write = Stopwatch.StartNew();
        store.Write(Round(instances, now));
        write.Stop();
        // The first read pays for JIT; the loop reads every round, so the second is the steady cost.
        store.Read(now);
        var read = Stopwatch.StartNew();
        var summary = store.Read(now);
        read.Stop();
        if (summary.Instances.Count != instances)
        {
            throw new InvalidOperationException($"read {summary.Instances.Count} instances, wrote {instances}");
        }

        return (fill.Elapsed, write.Elapsed, read.Elapsed, new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0));
    }

    private static HistoryRound Round(int instances, DateTimeOffset at) => new(
        at,
        [.. Enumerable.Range(0, instances).Select(i => new HistorySample($"bench_{i}", $"org{i % 50}", i % 97 == 0 ? HealthStatus.Down : HealthStatus.Up, 3.5))],
        []);
}
