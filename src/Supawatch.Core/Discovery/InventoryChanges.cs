using Microsoft.Extensions.Logging;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>
/// Logs the instances that appeared in or left the inventory between two published snapshots. Until the inventory
/// has been complete once (the cold start, or while a source has never answered) one summary line stands for them
/// and the per-instance lines go to Debug: a cold start of 10,000 instances otherwise logged 10,000 lines at Information.
/// </summary>
internal sealed class InventoryChanges(ILogger logger)
{
    private bool _settled;

    public void Log(InventorySnapshot previous, InventorySnapshot next)
    {
        var settled = _settled;
        _settled |= next.IsComplete;
        var level = settled ? LogLevel.Information : LogLevel.Debug;
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var before = previous.Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var after = next.Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        if (!settled && (previous.Version == 0 || !before.SetEquals(after)))
        {
            DiscoveryLog.Discovered(logger, after.Count, next.Instances.Select(i => i.Host).Distinct(StringComparer.Ordinal).Count());
        }

        if (previous.Version == 0 || !logger.IsEnabled(level))
        {
            return;
        }

        foreach (var id in after.Except(before))
        {
            DiscoveryLog.InstanceAppeared(logger, level, id);
        }

        foreach (var id in before.Except(after))
        {
            DiscoveryLog.InstanceDisappeared(logger, level, id);
        }
    }
}
