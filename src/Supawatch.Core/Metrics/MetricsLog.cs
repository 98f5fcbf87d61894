using Microsoft.Extensions.Logging;

namespace Supawatch.Metrics;

/// <summary>Exporter log messages; event ids 4000-4099.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(4000, LogLevel.Warning, "Stats sweep failed; keeping the last values: {Error}")]
    public static partial void StatsSweepFailed(ILogger logger, string error);

    [LoggerMessage(4001, LogLevel.Debug, "Stats of container {ContainerId} failed: {Error}")]
    public static partial void StatsCallFailed(ILogger logger, string containerId, string error);

    [LoggerMessage(4002, LogLevel.Warning, "Tenant database of {InstanceId} unreadable ({Reason}); check the _db container's POSTGRES_USER/POSTGRES_PASSWORD (or SUPAWATCH_DB_USER/SUPAWATCH_DB_PASSWORD) and that the role may read pg_stat_activity: {Error}")]
    public static partial void TenantDbFailed(ILogger logger, string instanceId, string reason, string error);

    [LoggerMessage(4004, LogLevel.Information, "Tenant database of {InstanceId} readable again")]
    public static partial void TenantDbRecovered(ILogger logger, string instanceId);

    [LoggerMessage(4005, LogLevel.Warning, "Tenant database sweep failed; keeping the last statuses: {Error}")]
    public static partial void TenantDbSweepFailed(ILogger logger, string error);

    [LoggerMessage(4003, LogLevel.Error, "Preparing /metrics failed; scrapes keep the previous exposition: {Error}")]
    public static partial void RenderFailed(ILogger logger, string error);
}
