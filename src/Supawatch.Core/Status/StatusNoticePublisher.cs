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
        var changed = board.Changed;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Taken before the rebuild: a change made while it runs completes this one and is published next.
            changed = board.Changed;
            writer.Republish();
        }
    }
}
