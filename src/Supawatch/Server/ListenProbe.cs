using System.Net;
using System.Net.Sockets;
using Supawatch.Validation;

namespace Supawatch.Server;

/// <summary>
/// Tries each listen address before the service starts, so a port in use (or an address this host does not have)
/// is one line naming the address and the flag and variable that move it, rather than Kestrel's stack trace.
/// </summary>
public static class ListenProbe
{
    /// <summary>The first listener that cannot bind, described with what to change; null when both can.</summary>
    public static string? FirstProblem(ServerOptions options)
    {
        foreach (var (address, what, flag, variable) in Listeners(options))
        {
            if (Problem(address) is { } reason)
            {
                return $"cannot listen on {address} for the {what}: {reason}; move it with {flag} or {variable} (address:port, e.g. 127.0.0.1:0 for any free port)";
            }
        }

        return null;
    }

    private static IEnumerable<(string Address, string What, string Flag, string Variable)> Listeners(ServerOptions options) =>
    [
        (options.MetricsListen, "metrics and API listener", "--metrics-listen", "SUPAWATCH_METRICS_LISTEN"),
        (options.StatusListen, "status page", "--status-listen", "SUPAWATCH_STATUS_LISTEN"),
    ];

    private static string? Problem(string address)
    {
        if (!ConfigurationValidator.TryParseListen(address, out var host, out var port) || port == 0)
        {
            return null;
        }

        var ip = host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        try
        {
            using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(ip, port));
            return null;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "the port is already in use (ss -tlnp shows by whom)",
                SocketError.AddressNotAvailable => "this host has no such address",
                SocketError.AccessDenied => "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)",
                _ => ex.Message,
            };
        }
    }
}
