namespace Supawatch.Stack;

/// <summary>
/// Debian's <c>prometheus</c>, <c>prometheus-alertmanager</c> and <c>prometheus-node-exporter</c> packages install and
/// start their own systemd services on 9090, 9093 and 9100 — the ports the stack wants by default. When such a port is
/// taken and the package's unit is installed, the error names the unit and the two ways out.
/// </summary>
public static class DebianUnits
{
    private static readonly Dictionary<string, int> DebianPorts = new(StringComparer.Ordinal)
    {
        ["prometheus"] = 9090,
        ["prometheus-alertmanager"] = 9093,
        ["prometheus-node-exporter"] = 9100,
    };

    private static readonly string[] SystemUnitDirectories = ["/lib/systemd/system", "/etc/systemd/system"];

    /// <summary>The unit (<c>prometheus.service</c>) that probably holds <paramref name="port"/>, or null.</summary>
    public static string? Holding(string package, int port, IReadOnlyList<string>? unitDirectories = null)
    {
        if (!DebianPorts.TryGetValue(package, out var debianPort) || debianPort != port)
        {
            return null;
        }

        var unit = package + ".service";
        return (unitDirectories ?? SystemUnitDirectories).Any(d => File.Exists(Path.Combine(d, unit))) ? unit : null;
    }

    /// <summary>What to say when <paramref name="component"/>'s port is taken.</summary>
    public static string PortTaken(NativeComponent component, string host, IReadOnlyList<string>? unitDirectories = null) =>
        Holding(component.Package, component.Port, unitDirectories) is { } unit
            ? $"{component.Name}: port {component.Port} on {host} is in use, most likely by Debian's own {unit} (the package starts it on that port); "
              + $"either stop it for good with 'systemctl disable --now {unit}', or give the stack another port with 'supawatch stack setup {component.PortFlag} N'"
            : $"{component.Name}: port {component.Port} on {host} is already in use by another program; stop it, or choose another port with 'supawatch stack setup {component.PortFlag} N'";
}
