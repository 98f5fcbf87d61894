using System.Net.Sockets;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>An <see cref="HttpClient"/> that speaks HTTP over a Unix domain socket (the podman API).</summary>
public static class UnixSocketHttp
{
    /// <summary>Creates a client whose every request goes to <paramref name="socketPath"/>.</summary>
    public static HttpClient CreateClient(string socketPath, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://podman/"), Timeout = timeout };
    }
}
