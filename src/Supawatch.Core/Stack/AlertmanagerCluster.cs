using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary>
/// An Alertmanager cluster (gossip between peers, so silences and the notification log are shared and each alert is
/// notified once). Resolved by <c>stack setup</c> from <see cref="StackOptions"/> and kept in <c>stack.json</c>; null
/// means clustering off, which is rendered as <c>--cluster.listen-address=</c> (Alertmanager's own default gossips on
/// 0.0.0.0:9094). See docs/scaling.md.
/// </summary>
/// <param name="ListenAddress">Where this Alertmanager gossips (<c>ip:port</c>, TCP and UDP).</param>
/// <param name="AdvertiseAddress">The address the peers reach it on (<c>ip:port</c>).</param>
/// <param name="Peers">The other Alertmanagers' gossip addresses (<c>host:port</c>); this one's own may be among them.</param>
public sealed partial record AlertmanagerCluster(string ListenAddress, string AdvertiseAddress, IReadOnlyList<string> Peers)
{
    /// <summary>Alertmanager's gossip port, used when <c>SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN</c> is not set.</summary>
    public const int DefaultPort = 9094;

    /// <summary>Where the compose file's Alertmanager gossips inside its container; the host publishes it.</summary>
    public const int ContainerPort = 9094;

    /// <summary>
    /// The cluster <paramref name="options"/> ask for, or null when no peer is given (clustering off). Every problem
    /// goes to <paramref name="errors"/>, naming the variable to fix; the value is shown printable, never raw.
    /// </summary>
    public static AlertmanagerCluster? From(StackOptions options, List<string> errors)
    {
        var peers = new List<string>();
        foreach (var entry in Split(options.AlertmanagerPeers))
        {
            if (!IsPeer(entry))
            {
                errors.Add($"SUPAWATCH_ALERTMANAGER_PEERS (or --alertmanager-peer): '{SafeText.Printable(entry)}' is not host:port; write each peer's gossip address like am-2.internal:9094, 10.0.0.12:9094 or [fd00::12]:9094, comma-separated");
            }
            else if (!peers.Contains(entry, StringComparer.OrdinalIgnoreCase))
            {
                peers.Add(entry);
            }
        }

        var listenText = options.AlertmanagerClusterListen?.Trim();
        var advertiseText = options.AlertmanagerClusterAdvertise?.Trim();
        var listen = IpEndpoint(listenText, "SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN", allowUnspecified: true, errors);
        var advertise = IpEndpoint(advertiseText, "SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE", allowUnspecified: false, errors);
        if (peers.Count == 0)
        {
            // Only about valid values: an invalid one has its own error already.
            if (listen is not null || advertise is not null)
            {
                errors.Add("SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN and SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE need SUPAWATCH_ALERTMANAGER_PEERS (or --alertmanager-peer): without peers clustering stays off");
            }

            return null;
        }

        if (string.IsNullOrEmpty(listenText))
        {
            if (!IPAddress.TryParse(options.Bind.Trim('[', ']'), out var bind))
            {
                errors.Add($"SUPAWATCH_STACK_BIND: '{SafeText.Printable(options.Bind)}' is not an IP address, which Alertmanager's gossip needs; set SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN to ip:port");
                return null;
            }

            listen = new IPEndPoint(bind, DefaultPort);
        }

        if (listen is null || advertise is null && !string.IsNullOrEmpty(advertiseText))
        {
            return null;
        }

        if (advertise is null)
        {
            if (listen.Address.Equals(IPAddress.Any) || listen.Address.Equals(IPAddress.IPv6Any))
            {
                errors.Add($"SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE: gossip listens on {listen}, every address of this host; set the one the peers reach it on, e.g. 10.0.0.11:{listen.Port}");
                return null;
            }

            advertise = listen;
        }

        return new AlertmanagerCluster(listen.ToString(), advertise.ToString(), peers);
    }

    /// <summary>The native runtime's Alertmanager flags: off, or listen, advertise and one <c>--cluster.peer</c> per peer.</summary>
    public static IReadOnlyList<string> NativeArguments(AlertmanagerCluster? cluster) =>
        cluster is null
            ? ["--cluster.listen-address="]
            : [$"--cluster.listen-address={cluster.ListenAddress}", $"--cluster.advertise-address={cluster.AdvertiseAddress}", .. cluster.PeerArguments()];

    /// <summary>
    /// The compose file's Alertmanager flags: it gossips on <see cref="ContainerPort"/> inside its container, which the
    /// host publishes on <see cref="ListenAddress"/>, and advertises the host's address, not the container's.
    /// </summary>
    public static IReadOnlyList<string> ComposeArguments(AlertmanagerCluster? cluster) =>
        cluster is null
            ? ["--cluster.listen-address="]
            : [$"--cluster.listen-address=0.0.0.0:{ContainerPort}", $"--cluster.advertise-address={cluster.AdvertiseAddress}", .. cluster.PeerArguments()];

    /// <summary>The compose port mappings of the gossip port: memberlist speaks TCP and UDP.</summary>
    public IReadOnlyList<string> ComposePorts() =>
        [$"{ListenAddress}:{ContainerPort}/tcp", $"{ListenAddress}:{ContainerPort}/udp"];

    /// <summary>
    /// The other Alertmanagers' API addresses for Prometheus's <c>alerting.alertmanagers</c>: each peer's host with
    /// <paramref name="apiPort"/> (every member of the cluster serves its API on the same port). This one's own
    /// address is left out: the caller lists it already.
    /// </summary>
    public IReadOnlyList<string> PeerApiTargets(int apiPort) =>
        Peers.Where(p => !string.Equals(p, AdvertiseAddress, StringComparison.OrdinalIgnoreCase) && !string.Equals(p, ListenAddress, StringComparison.OrdinalIgnoreCase))
            .Select(p => $"{p[..p.LastIndexOf(':')]}:{apiPort.ToString(CultureInfo.InvariantCulture)}")
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>A warning when this Alertmanager gossips on loopback but a peer is elsewhere: that peer can never reach it.</summary>
    public string? LoopbackWarning()
    {
        if (!IPAddress.IsLoopback(IPEndPoint.Parse(AdvertiseAddress).Address))
        {
            return null;
        }

        var remote = Peers.FirstOrDefault(p =>
        {
            var host = p[..p.LastIndexOf(':')].Trim('[', ']');
            return !(host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
        });
        return remote is null
            ? null
            : $"Alertmanager gossips on {AdvertiseAddress}, which peer {remote} cannot reach; set --bind or SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN (and _ADVERTISE) to an address of this host the peers reach";
    }

    private IEnumerable<string> PeerArguments() => Peers.Select(p => $"--cluster.peer={p}");

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(',').Select(p => p.Trim()).Where(p => p.Length > 0);

    /// <summary>A DNS name, an IPv4 address or a bracketed IPv6 address, then a port 1-65535; nothing else.</summary>
    internal static bool IsPeer(string entry)
    {
        var colon = entry.LastIndexOf(':');
        if (colon <= 0 || !IsPort(entry[(colon + 1)..]))
        {
            return false;
        }

        var host = entry[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        return host.Length <= 253 && HostName().IsMatch(host);
    }

    private static IPEndPoint? IpEndpoint(string? text, string variable, bool allowUnspecified, List<string> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : "";
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (colon > 0 && IsPort(text[(colon + 1)..])
            && IPAddress.TryParse(bracketed ? host[1..^1] : host, out var address)
            && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) == bracketed
            // IPAddress.TryParse takes "10.1" for 10.0.0.1; only the dotted quad it prints back is meant.
            && (bracketed || address.ToString() == host)
            // No IPv6 zone (%eth0): what is rendered is hex digits, dots, colons and brackets only.
            && address.ToString().All(c => char.IsAsciiHexDigit(c) || c is '.' or ':')
            && (allowUnspecified || !(address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))))
        {
            return new IPEndPoint(address, int.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture));
        }

        errors.Add($"{variable}: '{SafeText.Printable(text)}' is not ip:port such as 10.0.0.11:9094 or [fd00::11]:9094 (Alertmanager takes an IP address here, not a name{(allowUnspecified ? "" : ", and not 0.0.0.0")})");
        return null;
    }

    private static bool IsPort(string text) =>
        text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is > 0 and <= 65535;

    // \z, not $: $ also matches before a final line break.
    [GeneratedRegex(@"\A[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\z")]
    private static partial Regex HostName();
}
