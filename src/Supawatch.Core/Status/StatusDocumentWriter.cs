using Microsoft.Extensions.Logging;
using Supawatch.Common;
using Supawatch.Health;

namespace Supawatch.Status;

/// <summary>
/// Builds the status document once a round, for status.json and the status page alike, and publishes it before
/// the file is written: a full disk costs the file, not the page.
/// </summary>
/// <param name="path"><c>&lt;data&gt;/status.json</c>.</param>
/// <param name="notices">Maintenance windows and incident reports to include; null leaves them empty.</param>
/// <param name="pageNotice">The operator's line for the top of every page (<c>SUPAWATCH_STATUS_NOTICE</c>).</param>
public sealed class StatusDocumentWriter(StatusDocumentStore documents, string path, TimeProvider time, ILogger<StatusDocumentWriter> logger,
    Notices.NoticeBoard? notices = null, string? pageNotice = null) : IHealthOutput
{
    /// <summary><c>&lt;data&gt;/status.json</c>.</summary>
    public string Path => path;

    public Task WriteAsync(HealthSnapshot health, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var board = notices?.Current;
        var document = StatusDocumentBuilder.Build(health, now) with
        {
            Notice = pageNotice,
            Maintenance = board is null ? [] : StatusNotices.Maintenance(board, now),
            IncidentReports = board is null ? [] : StatusNotices.Reports(board),
        };

        documents.Publish(document);
        try
        {
            AtomicFile.Write(path, stream => StatusJson.Serialize(document, stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            HealthLog.WriteFailed(logger, path, ex.Message);
        }

        return Task.CompletedTask;
    }
}
