using Microsoft.Extensions.Logging;

namespace Supawatch.Notices;

/// <summary>Log messages of maintenance windows, incident reports and silences (event ids 3500–3599, under status).</summary>
internal static partial class NoticesLog
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "Maintenance window {Id} scheduled for {Target}: {Start} for {Duration}, recurrence {Recurrence}")]
    public static partial void WindowAdded(ILogger logger, long id, NoticeTarget target, DateTimeOffset start, TimeSpan duration, string? recurrence);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Maintenance window {Id} removed")]
    public static partial void WindowRemoved(ILogger logger, long id);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Incident report {Id} on {Target} is {Stage}")]
    public static partial void IncidentPosted(ILogger logger, long id, NoticeTarget target, IncidentStage stage);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Error, Message = "Notice store {Path} failed: {Error}")]
    public static partial void StoreFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 3510, Level = LogLevel.Information, Message = "Alertmanager silence {SilenceId} created for maintenance window {WindowId} ({Start} to {End})")]
    public static partial void SilenceCreated(ILogger logger, string silenceId, long windowId, DateTimeOffset start, DateTimeOffset end);

    [LoggerMessage(EventId = 3511, Level = LogLevel.Information, Message = "Alertmanager silence {SilenceId} expired: no maintenance window wants '{Marker}' any more (window {WindowId} removed, or a second copy); wanted: {Wanted}")]
    public static partial void SilenceExpired(ILogger logger, string silenceId, string marker, long windowId, string wanted);

    [LoggerMessage(EventId = 3512, Level = LogLevel.Warning, Message = "Maintenance silences not in sync with Alertmanager ({Failures} failures in a row, retry in {RetryMs} ms): {Error}")]
    public static partial void SyncFailed(ILogger logger, int failures, long retryMs, string error);

    [LoggerMessage(EventId = 3513, Level = LogLevel.Information, Message = "Maintenance silences in sync with Alertmanager again")]
    public static partial void SyncRecovered(ILogger logger);
}
