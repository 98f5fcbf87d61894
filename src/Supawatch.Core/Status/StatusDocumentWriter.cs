using Microsoft.Extensions.Logging;
using Supawatch.Common;
using Supawatch.Health;

namespace Supawatch.Status;

/// <summary>
/// Builds the status document once a round, for status.json and the status page alike, and publishes it before
/// the file is written: a full disk costs the file, not the page. A change of the notices (a maintenance window or an
/// incident update) is published at once from the last round's health (<see cref="Republish"/>), not at the next round.
/// </summary>
/// <param name="path"><c>&lt;data&gt;/status.json</c>.</param>
/// <param name="notices">Maintenance windows and incident reports to include; null leaves them empty.</param>
/// <param name="pageNotice">The operator's line for the top of every page (<c>SUPAWATCH_STATUS_NOTICE</c>).</param>
/// <param name="slo">The objectives the error budgets are measured against; the defaults when null.</param>
public sealed class StatusDocumentWriter(StatusDocumentStore documents, string path, TimeProvider time, ILogger<StatusDocumentWriter> logger,
    Notices.NoticeBoard? notices = null, string? pageNotice = null, Slo.SloOptions? slo = null) : IHealthOutput
{
    // One writer at a time: the health loop and a notice change may both publish.
    private readonly Lock _writing = new();
    private HealthSnapshot? _last;

    /// <summary><c>&lt;data&gt;/status.json</c>.</summary>
    public string Path => path;

    public Task WriteAsync(HealthSnapshot health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        lock (_writing)
        {
            _last = health;
            Write(health);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Rebuilds the document of the last round with the notices as they are now and publishes it (page, JSON and
    /// file); false before the first round, when there is nothing to rebuild.
    /// </summary>
    public bool Republish()
    {
        lock (_writing)
        {
            if (_last is not { } health)
            {
                return false;
            }

            Write(health);
            return true;
        }
    }

    private void Write(HealthSnapshot health)
    {
        var now = time.GetUtcNow();
        var board = notices?.Current;
        var document = StatusDocumentBuilder.Build(health, now, slo) with
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
    }
}
