using System.Net;
using System.Net.Sockets;
using System.Text;
using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Memory;

/// <summary>
/// The synthetic fleet's published ports on 127.0.0.1, answering Supawatch's health checks: Kong and Studio with
/// <c>200 OK</c>, the database with PostgreSQL's answer to an SSLRequest (<c>N</c>) — or, <see cref="Answer.Never"/>,
/// accepting every connection and saying nothing, as a network outage looks to a prober (each check runs to its
/// timeout). One listener per port; ports repeat every <see cref="SyntheticContainer.PortCycle"/> instances.
/// </summary>
internal sealed class FleetEndpoints : IAsyncDisposable
{
    private static readonly byte[] HttpOk = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    private static readonly byte[] NoSsl = "N"u8.ToArray();

    private readonly List<TcpListener> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private long _answered;

    public enum Answer
    {
        Healthy,
        Never,
    }

    /// <summary>Connections served so far (the healthy fleet's answers, or the silent fleet's accepts).</summary>
    public long Connections => Interlocked.Read(ref _answered);

    public int Listeners => _listeners.Count;

    public static FleetEndpoints Start(int instances, Answer answer)
    {
        var endpoints = new FleetEndpoints();
        for (var instance = 0; instance < Math.Min(instances, SyntheticContainer.PortCycle); instance++)
        {
            for (var component = 0; component < ComponentSpec.All.Length; component++)
            {
                var port = 20_000 + (instance * ComponentSpec.All.Length) + component;
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start(512);
                endpoints._listeners.Add(listener);
                var database = ComponentSpec.All[component].Component == "db";
                endpoints._loops.Add(endpoints.AcceptAsync(listener, answer, database));
            }
        }

        return endpoints;
    }

    private async Task AcceptAsync(TcpListener listener, Answer answer, bool database)
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

            Interlocked.Increment(ref _answered);
            _ = ServeAsync(socket, answer, database);
        }
    }

    private async Task ServeAsync(Socket socket, Answer answer, bool database)
    {
        using (socket)
        {
            var buffer = new byte[4096];
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                limit.CancelAfter(TimeSpan.FromSeconds(60));
                if (answer == Answer.Healthy)
                {
                    await ReadRequestAsync(socket, buffer, database, limit.Token);
                    await socket.SendAsync(database ? NoSsl : HttpOk, SocketFlags.None, limit.Token);
                }

                // Until the prober closes (or gives up at its timeout).
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The prober went away, or the bench is stopping.
            }
        }
    }

    /// <summary>The database's 8-byte SSLRequest, or an HTTP request up to its blank line.</summary>
    private static async Task ReadRequestAsync(Socket socket, byte[] buffer, bool database, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return;
            }

            read += n;
            if (database ? read >= 8 : buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) >= 0)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
