using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Supawatch.Docker;

namespace Supawatch.Discovery;

/// <summary>
/// Follows the Docker <c>/events</c> stream and turns container events into <see cref="DiscoveryWork"/>.
/// The stream drops (engine restart, socket gone): it reconnects with backoff and asks for a distrustful
/// reconcile each time, because events missed during the gap are lost. <see cref="Wake"/> cuts a backoff short once
/// the host answers a read again.
/// </summary>
/// <param name="host">The Docker host's name; its events and status carry it.</param>
public sealed class DockerEventWatcher(
    string host,
    IDockerClient client,
    ChannelWriter<DiscoveryWork> work,
    DiscoveryHealth health,
    TimeProvider time,
    ILogger<DockerEventWatcher> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public string Host => host;

    /// <summary>
    /// The host answered a read while this stream is away: reconnect now rather than at the end of the backoff.
    /// Seen in the paging system test: the periodic reconcile read a restarted dockerd back up to 30 s before its
    /// events, so the host outage resolved while SupawatchSourceDown(docker_events) still fired, no longer inhibited.
    /// </summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var connectedAt = time.GetUtcNow();
            try
            {
                // Replay a little history on reconnect; re-inspecting a container twice is harmless.
                var parameters = new ContainerEventsParameters
                {
                    Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["container"] = true } },
                    Since = first ? null : connectedAt.AddSeconds(-2).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                };

                var stream = client.System.MonitorEventsAsync(parameters, new Forwarder(work, host), stoppingToken);
                if (!first)
                {
                    work.TryWrite(new DiscoveryWork.Reconcile($"event stream of {host} reconnected", Distrust: true, host));
                    DiscoveryLog.EventStreamReconnected(logger, host);
                }

                health.EventsConnected(host, connectedAt);
                _wake.Reader.TryRead(out _);
                first = false;
                await stream;
                health.EventsFailed(host, time.GetUtcNow(), "the Docker event stream ended (engine restarted?)");
                DiscoveryLog.EventStreamEnded(logger, host);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var error = DockerErrors.Describe(ex);
                health.EventsFailed(host, time.GetUtcNow(), error);
                DiscoveryLog.EventStreamFailed(logger, host, error);
            }

            if (time.GetUtcNow() - connectedAt > MaxBackoff)
            {
                backoff = TimeSpan.FromMilliseconds(500);
            }

            if (!await WaitOutBackoffAsync(backoff, stoppingToken))
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
        }
    }

    /// <summary>Waits for the backoff to pass or a <see cref="Wake"/>; false when shutting down.</summary>
    private async Task<bool> WaitOutBackoffAsync(TimeSpan backoff, CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await Task.WhenAny(_wake.Reader.ReadAsync(waiting.Token).AsTask(), Task.Delay(backoff, time, waiting.Token)).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        return !stoppingToken.IsCancellationRequested;
    }

    /// <summary>Writes events straight into the channel, in order (a Progress&lt;T&gt; would post them out of order).</summary>
    private sealed class Forwarder(ChannelWriter<DiscoveryWork> work, string host) : IProgress<Message>
    {
        public void Report(Message value)
        {
            var id = value.Actor?.ID;
            if (!string.Equals(value.Type, "container", StringComparison.OrdinalIgnoreCase)
                || string.IsNullOrEmpty(id)
                || !DockerEventNames.Matters(value.Action))
            {
                return;
            }

            int? exitCode = value.Actor?.Attributes is { } attributes
                && attributes.TryGetValue("exitCode", out var text)
                && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var code)
                ? code
                : null;
            work.TryWrite(new DiscoveryWork.ContainerChanged(id, value.Action, DockerEventNames.MeansGone(value.Action), exitCode, host));
        }
    }
}
