using System.Collections.Immutable;

namespace Supawatch.History;

/// <summary>What the history store knows of one instance: uptime windows and one entry per day, oldest first.</summary>
public sealed record InstanceHistory
{
    /// <param name="days">One entry per day, oldest first, with no gaps.</param>
    public InstanceHistory(string instanceId, UptimeWindows uptime, ImmutableArray<UptimeDay> days)
        : this(instanceId, uptime, UptimeDays.From(days))
    {
    }

    internal InstanceHistory(string instanceId, UptimeWindows uptime, UptimeDays days)
    {
        InstanceId = instanceId;
        Uptime = uptime;
        Days = days;
    }

    public string InstanceId { get; }

    public UptimeWindows Uptime { get; }

    public UptimeDays Days { get; }
}
