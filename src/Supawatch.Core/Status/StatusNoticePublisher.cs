using Microsoft.Extensions.Hosting;
using Supawatch.Notices;

namespace Supawatch.Status;

/// <summary>
/// Publishes the status document again as soon as a maintenance window or an incident report changes, so status.json,
/// the pages and the organization JSON show it within a second instead of at the next health round.
/// </summary>
public sealed class StatusNoticePublisher(NoticeBoard board, StatusDocumentWriter writer) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Versions, not only the signal: ExecuteAsync may start after a change was signalled (it runs on the pool), and
        // a change made while a rebuild runs must be published next. Before the first round there is nothing to rebuild;
        // that round reads the notices itself.
        long published = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = board.Changed;
            var version = board.Current.Version;
            if (version != published)
            {
                writer.Republish();
                published = version;
            }

            try
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
