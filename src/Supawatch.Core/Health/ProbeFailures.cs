using System.Globalization;
using System.Net.Sockets;

namespace Supawatch.Health;

/// <summary>
/// Turns a probe's exception into a short reason of our own words. Exception messages are not used:
/// they name hosts and ports, which the status page must never show.
/// </summary>
public static class ProbeFailures
{
    public static string Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException socket:
                    return Socket(socket.SocketErrorCode);
                case EndOfStreamException:
                    return "connection closed before a response";
            }
        }

        return exception switch
        {
            IOException => "connection reset",
            OperationCanceledException => "cancelled",
            _ => "probe failed (" + exception.GetType().Name + ")",
        };
    }

    public static string NoAnswer(TimeSpan timeout) =>
        string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.###} s");

    /// <summary>A failed connect, in our words (see <see cref="TcpConnector"/>).</summary>
    public static string Socket(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.ConnectionAborted => "connection aborted",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
        SocketError.OperationAborted => "cancelled",
        _ => "socket error " + error,
    };
}
