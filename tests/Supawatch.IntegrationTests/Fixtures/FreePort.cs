using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// Hands out TCP ports on 127.0.0.1 that were free a moment ago, never the same one twice per run, and
/// never one that a NAT rule already redirects.
/// </summary>
public static partial class FreePort
{
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lazy<HashSet<int>> Redirected = new(ReadRedirectedPorts);

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
                if (!Redirected.Value.Contains(port) && HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>
    /// Ports with a DNAT rule in the nat table. A run killed mid-test leaves netavark's port-forward rules
    /// behind; the port looks free (nothing listens) but connections to it go to a container address that
    /// no longer exists and time out, whoever listens on it next.
    /// </summary>
    private static HashSet<int> ReadRedirectedPorts()
    {
        try
        {
            using var iptables = Process.Start(new ProcessStartInfo("iptables", ["-w", "5", "-t", "nat", "-S"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (iptables is null)
            {
                return new HashSet<int>();
            }

            var rules = iptables.StandardOutput.ReadToEnd();
            iptables.WaitForExit(TimeSpan.FromSeconds(10));
            return DestinationPort().Matches(rules).Select(match => int.Parse(match.Groups[1].Value)).ToHashSet();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new HashSet<int>(); // no iptables, no netavark rules to avoid
        }
    }

    [GeneratedRegex(@"--dport (\d+)\b")]
    private static partial Regex DestinationPort();
}
