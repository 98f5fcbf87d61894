using System.Net;
using System.Net.Sockets;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>Hands out TCP ports on 127.0.0.1 that were free a moment ago, never the same one twice per run.</summary>
public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>Returns a port nothing listens on now; the caller binds it soon after.</summary>
    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                // The kernel may hand the same ephemeral port to two fixtures of one run; skip repeats.
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
