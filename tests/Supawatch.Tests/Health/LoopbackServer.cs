using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Supawatch.Tests.Health;

/// <summary>A TCP server on 127.0.0.1 that misbehaves on purpose: answers, hangs, resets or speaks garbage.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _held = [];
    private readonly Task _loop;
    private int _disposed;

    /// <summary>An HTTP request's head, up to its blank line; null when the client closed before sending one.</summary>
    public static async Task<string?> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return request.ToString();
    }

    public LoopbackServer(Func<Socket, CancellationToken, Task> handle)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                lock (_held)
                {
                    _held.Add(socket);
                }

                _ = Task.Run(() => handle(socket, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Accepted
    {
        get
        {
            lock (_held)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Answers every request on a connection with 200 and keeps the connection open for the next.</summary>
    public static LoopbackServer KeepAlive() => new(async (socket, token) =>
    {
        var buffer = new byte[4096];
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, token) > 0)
        {
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"u8.ToArray(), SocketFlags.None, token);
        }
    });

    /// <summary>Answers every request with this HTTP status.</summary>
    public static LoopbackServer Http(int status) => new(async (socket, token) =>
    {
        var buffer = new byte[4096];
        await socket.ReceiveAsync(buffer, SocketFlags.None, token);
        var body = "ok";
        await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), SocketFlags.None, token);
        socket.Shutdown(SocketShutdown.Both);
        socket.Close();
    });

    /// <summary>Accepts and never says a word.</summary>
    public static LoopbackServer Silent() => new((_, token) => Task.Delay(Timeout.Infinite, token));

    /// <summary>Reads the request, then resets the connection.</summary>
    public static LoopbackServer Reset() => new(async (socket, token) =>
    {
        await socket.ReceiveAsync(new byte[4096], SocketFlags.None, token);
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    });

    /// <summary>Reads the request, then sends these bytes and closes.</summary>
    public static LoopbackServer Sends(string text) => new(async (socket, token) =>
    {
        await socket.ReceiveAsync(new byte[4096], SocketFlags.None, token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, token);
        socket.Shutdown(SocketShutdown.Both);
        socket.Close();
    });

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        lock (_held)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        await _loop;
        _stop.Dispose();
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
