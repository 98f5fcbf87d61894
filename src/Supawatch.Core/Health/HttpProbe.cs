using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Unicode;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Health;

/// <summary>
/// GET to a component's published port. Alive means an HTTP answer whose status is in the component's accepted
/// set; only the head is awaited. Each probe opens its own connection and closes it, as blackbox_exporter does.
/// Written by hand over a socket, not through <see cref="HttpClient"/>: a probe needs one request line and one status
/// line, and HttpClient's request, response, connection and per-address pool cost about 20 KB a check (bench/health,
/// docs/performance.md), which at 10,000 instances was most of what the whole process allocated in a round.
/// A refused connect (<see cref="TcpConnector"/>) and a timeout throw no exception on the way.
/// </summary>
public static class HttpProbe
{
    private const int ReceiveBufferSize = 1024;

    /// <param name="key">The tenant's anon key for a check through Kong: sent as <c>apikey</c> and as a bearer token, as Supabase clients do.</param>
    public static async Task<ProbeResult> ProbeAsync(string address, string path, StatusCodeRanges up, TimeSpan timeout, CancellationToken cancellationToken, AnonKey? key = null)
    {
        var started = Stopwatch.GetTimestamp();
        if (!IsVisibleAscii(path) || !IsVisibleAscii(address) || (key is not null && !IsVisibleAscii(key.Value)))
        {
            return ProbeResult.Down(TimeSpan.Zero, "invalid request: the path, address or key is not printable ASCII");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(ReceiveBufferSize, RequestLength(address, path, key)));
        Socket? socket = null;
        try
        {
            var (host, port) = ScrapeTargets.SplitAddress(address);
            (socket, var error) = await TcpConnector.ConnectAsync(host, port, limit.Token);
            if (socket is null)
            {
                return limit.IsCancellationRequested ? Stopped(started, timeout, cancellationToken) : ProbeResult.Down(Stopwatch.GetElapsedTime(started), ProbeFailures.Socket(error));
            }

            await socket.SendAsync(buffer.AsMemory(0, WriteRequest(buffer, address, path, key)), SocketFlags.None, limit.Token);

            // The timeout shuts the socket down rather than cancelling the read: the read then ends with no bytes
            // instead of an exception (thousands of them a round when a host goes silent).
            await using var stop = limit.Token.UnsafeRegister(static state => ShutDown((Socket)state!), socket);
            var head = new ResponseHead();
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (received == 0)
                {
                    return limit.IsCancellationRequested ? Stopped(started, timeout, cancellationToken) : ProbeResult.Down(Stopwatch.GetElapsedTime(started), "connection closed before a response");
                }

                switch (head.Read(buffer.AsSpan(0, received)))
                {
                    case ResponseHeadState.Complete:
                        var reason = string.Create(CultureInfo.InvariantCulture, $"HTTP {head.StatusCode}");
                        return up.Contains(head.StatusCode) ? ProbeResult.Up(Stopwatch.GetElapsedTime(started), reason) : ProbeResult.Down(Stopwatch.GetElapsedTime(started), reason);
                    case ResponseHeadState.Invalid:
                        return ProbeResult.Down(Stopwatch.GetElapsedTime(started), "invalid HTTP response");
                    case ResponseHeadState.TooLarge:
                        return ProbeResult.Down(Stopwatch.GetElapsedTime(started), "response headers over 64 KB");
                }
            }
        }
        catch (Exception ex)
        {
            var timedOut = limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            return ProbeResult.Failed(Stopwatch.GetElapsedTime(started), ex, timeout, timedOut);
        }
        finally
        {
            socket?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The request's bytes: the start line and the headers HttpClient sent for a probe, nothing more. Throws when
    /// <paramref name="into"/> is too small (the probe sizes it with <see cref="RequestLength"/>): never a cut request.
    /// </summary>
    public static int WriteRequest(Span<byte> into, string address, string path, AnonKey? key)
    {
        var fits = Utf8.TryWrite(into, $"GET {path} HTTP/1.1\r\nHost: {address}\r\nUser-Agent: supawatch-health/1.0\r\nConnection: close\r\n", out var written);
        if (fits && key is not null)
        {
            fits = Utf8.TryWrite(into[written..], $"apikey: {key.Value}\r\nAuthorization: Bearer {key.Value}\r\n", out var keyLines);
            written += keyLines;
        }

        if (!fits || !"\r\n"u8.TryCopyTo(into[written..]))
        {
            throw new ArgumentException($"the buffer of {into.Length} bytes is too small for the probe's request", nameof(into));
        }

        return written + 2;
    }

    private static int RequestLength(string address, string path, AnonKey? key) =>
        128 + address.Length + path.Length + (key is null ? 0 : 64 + (2 * key.Value.Length));

    private static bool IsVisibleAscii(string text) => !text.AsSpan().ContainsAnyExceptInRange('!', '~');

    private static ProbeResult Stopped(long started, TimeSpan timeout, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? ProbeResult.Down(Stopwatch.GetElapsedTime(started), "cancelled")
            : ProbeResult.NoAnswer(Stopwatch.GetElapsedTime(started), timeout);

    private static void ShutDown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer or by the probe: the read has ended either way.
        }
    }
}
