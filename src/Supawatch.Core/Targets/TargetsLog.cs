using Microsoft.Extensions.Logging;

namespace Supawatch.Targets;

/// <summary>Target output log messages; event ids 1100-1199.</summary>
internal static partial class TargetsLog
{
    [LoggerMessage(1100, LogLevel.Information, "Wrote {Groups} target groups to {Path}")]
    public static partial void Written(ILogger logger, int groups, string path);

    [LoggerMessage(1101, LogLevel.Error, "Cannot write {Path}; the previous file stays in force. Check that SUPAWATCH_DATA_DIR is writable and the disk has room: {Error}")]
    public static partial void WriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(1102, LogLevel.Information, "Prometheus reloaded")]
    public static partial void Reloaded(ILogger logger);

    [LoggerMessage(1103, LogLevel.Warning, "Prometheus reload failed, will retry: {Error}")]
    public static partial void ReloadFailed(ILogger logger, string error);

    [LoggerMessage(1104, LogLevel.Information, "{Path} is written again: the data folder accepts writes")]
    public static partial void WriteRecovered(ILogger logger, string path);

    [LoggerMessage(1106, LogLevel.Warning, "Not scraped: {Problem}")]
    public static partial void Unscraped(ILogger logger, string problem);

    [LoggerMessage(1105, LogLevel.Information, "Prometheus reload works again after failing")]
    public static partial void ReloadRecovered(ILogger logger);
}
