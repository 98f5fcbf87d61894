using Microsoft.Extensions.Logging;

namespace Supawatch.Discovery;

/// <summary>Discovery's log messages; event ids 1000-1099.</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(1000, LogLevel.Information, "Discovery reconciled {Instances} instances, {Containers} containers in {ElapsedMs} ms ({Reason})")]
    public static partial void Reconciled(ILogger logger, int instances, int containers, long elapsedMs, string reason);

    [LoggerMessage(1001, LogLevel.Warning, "Docker host {Host} failed, keeping its last good containers: {Error}")]
    public static partial void DockerFailed(ILogger logger, string host, string error);

    [LoggerMessage(1002, LogLevel.Warning, "Master DB source failed, keeping the last good metadata: {Error}")]
    public static partial void MasterDbFailed(ILogger logger, string error);

    [LoggerMessage(1003, LogLevel.Information, "Docker host {Host} recovered")]
    public static partial void DockerRecovered(ILogger logger, string host);

    [LoggerMessage(1004, LogLevel.Information, "Master DB source recovered")]
    public static partial void MasterDbRecovered(ILogger logger);

    [LoggerMessage(1005, LogLevel.Warning, "Docker event stream of {Host} failed, reconnecting: {Error}")]
    public static partial void EventStreamFailed(ILogger logger, string host, string error);

    [LoggerMessage(1006, LogLevel.Warning, "Docker event stream of {Host} ended, reconnecting")]
    public static partial void EventStreamEnded(ILogger logger, string host);

    [LoggerMessage(1007, LogLevel.Information, "Docker event stream of {Host} reconnecting; a full reconcile follows, since events may have been missed")]
    public static partial void EventStreamReconnected(ILogger logger, string host);

    [LoggerMessage(1008, LogLevel.Debug, "Container {ContainerId} on {Host} {Action}")]
    public static partial void ContainerEvent(ILogger logger, string containerId, string host, string action);

    [LoggerMessage(1009, LogLevel.Warning, "Container {Name} not understood: {Reason}")]
    public static partial void Unrecognized(ILogger logger, string name, string reason);

    [LoggerMessage(1010, LogLevel.Error, "Discovery loop fault; continuing: {Error}")]
    public static partial void LoopFault(ILogger logger, string error);

    /// <summary>Information once the inventory has been complete; Debug before, when <see cref="Discovered"/> sums them up.</summary>
    [LoggerMessage(EventId = 1011, Message = "Instance {InstanceId} appeared")]
    public static partial void InstanceAppeared(ILogger logger, LogLevel level, string instanceId);

    [LoggerMessage(EventId = 1012, Message = "Instance {InstanceId} disappeared")]
    public static partial void InstanceDisappeared(ILogger logger, LogLevel level, string instanceId);

    [LoggerMessage(1013, LogLevel.Information, "Cold start: the scrape targets of {Instances} instances ({Containers} containers) published from the container lists of {Hosts} Docker hosts while their inspects run")]
    public static partial void TargetsPreviewed(ILogger logger, int instances, int containers, int hosts);

    [LoggerMessage(1014, LogLevel.Information, "Discovered {Instances} instances on {Hosts} Docker hosts")]
    public static partial void Discovered(ILogger logger, int instances, int hosts);
}
