using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>A default port taken while Debian's own unit is installed: the error names the unit and both ways out.</summary>
public sealed class DebianUnitsTests : IDisposable
{
    private readonly string _units = Directory.CreateTempSubdirectory("units-").FullName;

    public void Dispose() => Directory.Delete(_units, recursive: true);

    [Theory]
    [InlineData("prometheus", 9090, "prometheus.service")]
    [InlineData("prometheus-alertmanager", 9093, "prometheus-alertmanager.service")]
    [InlineData("prometheus-node-exporter", 9100, "prometheus-node-exporter.service")]
    public void PortTaken_DebianUnitInstalledOnItsPort_NamesTheUnitAndTheTwoWaysOut(string package, int port, string unit)
    {
        File.WriteAllText(Path.Combine(_units, unit), "[Unit]\n");
        var component = Component(package, port);

        var message = DebianUnits.PortTaken(component, "127.0.0.1", [_units]);

        Assert.Contains($"port {port} on 127.0.0.1 is in use, most likely by Debian's own {unit}", message, StringComparison.Ordinal);
        Assert.Contains($"'systemctl disable --now {unit}'", message, StringComparison.Ordinal);
        Assert.Contains("'supawatch stack setup --x-port N'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prometheus", 19090, true)]
    [InlineData("prometheus", 9090, false)]
    public void PortTaken_OtherPortOrNoUnit_SaysAnotherProgram(string package, int port, bool unitInstalled)
    {
        if (unitInstalled)
        {
            File.WriteAllText(Path.Combine(_units, package + ".service"), "[Unit]\n");
        }

        var message = DebianUnits.PortTaken(Component(package, port), "127.0.0.1", [_units]);

        Assert.Contains("already in use by another program", message, StringComparison.Ordinal);
        Assert.DoesNotContain("systemctl", message, StringComparison.Ordinal);
    }

    private static NativeComponent Component(string package, int port) =>
        new("x", [package], package, [], new Dictionary<string, string>(), $"http://127.0.0.1:{port}", "/", port, "--x-port");
}
