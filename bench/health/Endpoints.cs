using System.Net;
using System.Net.Sockets;

namespace Supawatch.Bench.Health;

/// <summary>
/// N HTTP endpoints on 127.0.0.1, each on its own port: most answer 200 and close (so every probe opens a
/// new connection, as blackbox_exporter does), the rest accept and never say a word.
/// </summary>
internal sealed class Endpoints : IAsyncDisposable
{
    private static readonly byte[] Answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray();

    private readonly List<TcpListener> _listeners = [];
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public Endpoints(int count, int hanging)
    {
        for (var i = 0; i < count; i++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start(512);
            _listeners.Add(listener);
            var hangs = i % (count / Math.Max(1, hanging)) == 0 && Hanging.Count < hanging;
            (hangs ? Hanging : Answering).Add($"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
            _ = Task.Run(() => AcceptAsync(listener, hangs));
        }
    }

    public List<string> Answering { get; } = [];

    public List<string> Hanging { get; } = [];

    public IEnumerable<string> All => Answering.Concat(Hanging);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        lock (_held)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, bool hang)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (hang)
            {
                lock (_held)
                {
                    _held.Add(socket);
                }

                continue;
            }

            _ = Task.Run(() => AnswerAsync(socket));
        }
    }

    private async Task AnswerAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var buffer = new byte[2048];
                await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                await socket.SendAsync(Answer, SocketFlags.None, _stop.Token);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The prober went away first; nothing to answer.
            }
        }
    }
}
