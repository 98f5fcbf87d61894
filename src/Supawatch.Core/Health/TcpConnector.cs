using System.Net;
using System.Net.Sockets;

namespace Supawatch.Health;

/// <summary>
/// Opens a probe's TCP connection and reports failure as a <see cref="SocketError"/> instead of an exception.
/// Written by hand over <see cref="SocketAsyncEventArgs"/> because <c>Socket.ConnectAsync</c> and <c>HttpClient</c>
/// throw for a refused port, and in the NativeAOT build every async frame the exception crosses is unwound again:
/// at 1,000 instances with a host down (3,000 refused probes a round) that unwinding was most of the round's CPU and
/// held both cores long enough to stall <c>/metrics</c> scrapes by 100 ms and more (docs/performance.md).
/// </summary>
public static class TcpConnector
{
    /// <summary>The connected socket (the caller owns it), or why there is none; cancelling aborts the attempt.</summary>
    public static async Task<(Socket? Socket, SocketError Error)> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        EndPoint endpoint = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
        var attempt = new Attempt { RemoteEndPoint = endpoint };
        try
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return (null, SocketError.OperationAborted);
            }

            await using (cancellationToken.UnsafeRegister(static state => Socket.CancelConnectAsync((SocketAsyncEventArgs)state!), attempt))
            {
                if (Socket.ConnectAsync(SocketType.Stream, ProtocolType.Tcp, attempt))
                {
                    await attempt.Completion.Task.ConfigureAwait(false);
                }
            }

            if (attempt.SocketError != SocketError.Success || attempt.ConnectSocket is not { } socket)
            {
                attempt.ConnectSocket?.Dispose();
                return (null, cancellationToken.IsCancellationRequested ? SocketError.OperationAborted : attempt.SocketError);
            }

            socket.NoDelay = true;
            return (socket, SocketError.Success);
        }
        finally
        {
            attempt.Dispose();
        }
    }

    private sealed class Attempt : SocketAsyncEventArgs
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void OnCompleted(SocketAsyncEventArgs e) => Completion.TrySetResult();
    }
}
