using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Supawatch.IntegrationTests.Security;

/// <summary>One HTTP request seen on its way to the Docker API: method and target as sent.</summary>
public sealed record DockerRequest(string Method, string Target)
{
    /// <summary>The target without its query string.</summary>
    public string Path => Target.Split('?', 2)[0];

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Target}";
}

/// <summary>
/// A byte-for-byte forwarder on a unix socket in front of the real Docker API that records the request
/// line of every HTTP request passing through, including each one on a kept-alive connection. Responses
/// (streamed stats and events too) are copied untouched.
/// </summary>
public sealed class RecordingDockerProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _upstreamSocket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<DockerRequest> _requests = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly Task _acceptLoop;

    private RecordingDockerProxy(string socketPath, string upstreamSocket)
    {
        SocketPath = socketPath;
        _upstreamSocket = upstreamSocket;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(64);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The proxy's socket.</summary>
    public string SocketPath { get; }

    /// <summary>The value for DOCKER_HOST.</summary>
    public string DockerHost => "unix://" + SocketPath;

    /// <summary>Every request recorded so far, in arrival order per connection.</summary>
    public IReadOnlyList<DockerRequest> Requests => [.. _requests];

    /// <summary>Listens on <paramref name="socketPath"/> and forwards to <paramref name="upstreamSocket"/>.</summary>
    public static RecordingDockerProxy Start(string socketPath, string upstreamSocket) => new(socketPath, upstreamSocket);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
        File.Delete(SocketPath);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stopping.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _sockets.Add(client);
        _sockets.Add(upstream);
        try
        {
            await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_upstreamSocket), _stopping.Token);
            var requests = ForwardRequestsAsync(client, upstream);
            var responses = CopyAsync(upstream, client);
            await Task.WhenAny(requests, responses);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token)) > 0)
        {
            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
        }
    }

    private async Task ForwardRequestsAsync(Socket client, Socket upstream)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        long bodyRemaining = 0;
        int read;
        while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token)) > 0)
        {
            await upstream.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            pending.AddRange(buffer.AsSpan(0, read));
            bodyRemaining = Record(pending, bodyRemaining);
        }
    }

    // Consumes whole request heads (recording each) and skips Content-Length bodies; returns the body bytes still to skip.
    private long Record(List<byte> pending, long bodyRemaining)
    {
        while (true)
        {
            if (bodyRemaining > 0)
            {
                var skip = (int)Math.Min(bodyRemaining, pending.Count);
                pending.RemoveRange(0, skip);
                bodyRemaining -= skip;
                if (bodyRemaining > 0)
                {
                    return bodyRemaining;
                }
            }

            var end = IndexOfHeadEnd(pending);
            if (end < 0)
            {
                return 0;
            }

            var head = Encoding.Latin1.GetString(pending.GetRange(0, end).ToArray());
            pending.RemoveRange(0, end + 4);
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            _requests.Enqueue(new DockerRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : ""));
            foreach (var line in lines.Skip(1))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    bodyRemaining = long.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase))
                {
                    // A chunked upload cannot be a read; record it so the allowlist check fails loudly.
                    _requests.Enqueue(new DockerRequest("CHUNKED-BODY", requestLine.Length > 1 ? requestLine[1] : ""));
                }
            }
        }
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
