using Microsoft.Extensions.Logging;

namespace Supawatch.History;

/// <summary>The history store's log messages; event ids 2500-2599 (inside Health's 2000-2999).</summary>
internal static partial class HistoryLog
{
    [LoggerMessage(2500, LogLevel.Error, "History store {Path} failed; keeping {Pending} rounds in memory and retrying next round: {Error}")]
    public static partial void Failed(ILogger logger, string path, int pending, string error);

    [LoggerMessage(2501, LogLevel.Information, "History store {Path} recovered; wrote {Written} pending rounds")]
    public static partial void Recovered(ILogger logger, string path, int written);

    [LoggerMessage(2502, LogLevel.Error, "History store {Path} is corrupt; moved it to {MovedTo} and started a new one")]
    public static partial void MovedCorrupt(ILogger logger, string path, string movedTo);

    [LoggerMessage(2503, LogLevel.Warning, "History queue full; dropped the oldest pending round ({Dropped} dropped so far)")]
    public static partial void Dropped(ILogger logger, long dropped);

    [LoggerMessage(2504, LogLevel.Information, "History store pruned {Rows} rows older than the retention")]
    public static partial void Pruned(ILogger logger, int rows);
}
