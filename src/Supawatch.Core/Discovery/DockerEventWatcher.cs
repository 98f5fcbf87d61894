using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Supawatch.Docker;

namespace Supawatch.Discovery;

/// <summary>
/// Follows the Docker <c>/events</c> stream and turns container events into <see cref="DiscoveryWork"/>.
/// The stream drops (engine restart, socket gone): it reconnects with backoff and asks for a distrustful
/// reconcile each time, because events missed during the gap are lost.
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

            try
            {
                await Task.Delay(backoff, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
        }
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
