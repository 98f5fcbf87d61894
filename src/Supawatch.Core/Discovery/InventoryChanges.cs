using Microsoft.Extensions.Logging;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>Logs the instances that appeared in or left the inventory between two published snapshots.</summary>
internal static class InventoryChanges
{
    public static void Log(ILogger logger, InventorySnapshot previous, InventorySnapshot next)
    {
        if (!logger.IsEnabled(LogLevel.Information) || previous.Version == 0)
        {
            return;
        }

        var before = previous.Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var after = next.Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        foreach (var id in after.Except(before))
        {
            DiscoveryLog.InstanceAppeared(logger, id);
        }

        foreach (var id in before.Except(after))
        {
            DiscoveryLog.InstanceDisappeared(logger, id);
        }
    }
}
