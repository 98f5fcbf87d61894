using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Health;

/// <summary>
/// GET to a component's published port. Alive means an HTTP answer whose status is in the component's
/// accepted set; only the headers are awaited. Each probe opens its own connection, as blackbox_exporter does:
/// the probe connects first (<see cref="TcpConnector"/>, so a refused port costs no exception) and hands the
/// socket to <see cref="HttpClient"/> through the handler's <see cref="SocketsHttpHandler.ConnectCallback"/>.
/// </summary>
public sealed class HttpProbe(HttpClient client)
{
    /// <summary>The named client registered for probes (no redirects, no proxy, no client-wide timeout).</summary>
    public const string ClientName = "supawatch-health";

    private static readonly HttpRequestOptionsKey<ConnectedSocket> Connected = new("supawatch.connected-socket");

    /// <param name="key">The tenant's anon key for a check through Kong: sent as <c>apikey</c> and as a bearer token, as Supabase clients do.</param>
    public async Task<ProbeResult> ProbeAsync(string address, string path, StatusCodeRanges up, TimeSpan timeout, CancellationToken cancellationToken, AnonKey? key = null)
    {
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var connected = new ConnectedSocket();
        try
        {
            var (host, port) = ScrapeTargets.SplitAddress(address);
            (connected.Socket, var error) = await TcpConnector.ConnectAsync(host, port, limit.Token);
            if (connected.Socket is null)
            {
                // Timed out or cancelled: the catch below words it, as for the request.
                limit.Token.ThrowIfCancellationRequested();
                return ProbeResult.Down(Stopwatch.GetElapsedTime(started), ProbeFailures.Socket(error));
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://" + address + path));
            request.Headers.UserAgent.ParseAdd("supawatch-health/1.0");
            request.Headers.ConnectionClose = true;
            if (key is not null)
            {
                request.Headers.TryAddWithoutValidation("apikey", key.Value);
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Value);
            }

            request.Options.Set(Connected, connected);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var code = (int)response.StatusCode;
            var reason = string.Create(CultureInfo.InvariantCulture, $"HTTP {code}");
            return up.Contains(code) ? ProbeResult.Up(elapsed, reason) : ProbeResult.Down(elapsed, reason);
        }
        catch (Exception ex)
        {
            var timedOut = limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            return ProbeResult.Failed(Stopwatch.GetElapsedTime(started), ex, timeout, timedOut);
        }
        finally
        {
            // Not taken when the client was built without CreateHandler's callback.
            connected.Take()?.Dispose();
        }
    }

    /// <summary>
    /// The handler probes use: the probe's own connection, never reused; no proxy, no redirects, no cookies.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(TimeSpan timeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = timeout,
        PooledConnectionLifetime = TimeSpan.Zero,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ConnectCallback = ConnectAsync,
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (context.InitialRequestMessage.Options.TryGetValue(Connected, out var connected) && connected.Take() is { } socket)
        {
            return new NetworkStream(socket, ownsSocket: true);
        }

        // A request sent without a probe's socket (not done by this class): connect as HttpClient would.
        var own = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await own.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(own, ownsSocket: true);
        }
        catch
        {
            own.Dispose();
            throw;
        }
    }

    /// <summary>The socket a probe connected, until the handler takes it for the request.</summary>
    private sealed class ConnectedSocket
    {
        public Socket? Socket;

        public Socket? Take() => Interlocked.Exchange(ref Socket, null);
    }
}
