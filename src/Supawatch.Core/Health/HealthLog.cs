using Microsoft.Extensions.Logging;

namespace Supawatch.Health;

/// <summary>Health checking's log messages; event ids 2000-2099 (history uses 2500-2599).</summary>
internal static partial class HealthLog
{
    [LoggerMessage(2000, LogLevel.Information, "Health round {Round}: {Checks} checks on {Instances} instances in {ElapsedMs} ms ({Up} up, {Degraded} degraded, {Down} down, {Stopped} stopped)")]
    public static partial void Round(ILogger logger, long round, int checks, int instances, long elapsedMs, int up, int degraded, int down, int stopped);

    [LoggerMessage(2001, LogLevel.Warning, "Instance {InstanceId} {From} -> {To}: {Cause}")]
    public static partial void Changed(ILogger logger, string instanceId, string from, string to, string cause);

    [LoggerMessage(2002, LogLevel.Error, "Health loop fault; retrying: {Error}")]
    public static partial void LoopFault(ILogger logger, string error);

    [LoggerMessage(2003, LogLevel.Warning, "Cannot write {Path}: {Error}")]
    public static partial void WriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(2004, LogLevel.Warning, "Health round took {ElapsedMs} ms, longer than the {IntervalMs} ms interval; the next starts at once")]
    public static partial void Overran(ILogger logger, long elapsedMs, long intervalMs);

    [LoggerMessage(2005, LogLevel.Information, "Health checks start: every {IntervalMs} ms, timeout {TimeoutMs} ms, {Concurrency} at once, history in {HistoryPath}, log in {LogPath}")]
    public static partial void Started(ILogger logger, long intervalMs, long timeoutMs, int concurrency, string historyPath, string logPath);

    [LoggerMessage(2006, LogLevel.Warning, "Health checks to {Host}: {Timeouts} timed out in a row; this round's remaining checks to it are reported down without being tried")]
    public static partial void HostSilent(ILogger logger, string host, int timeouts);
}
