using System.Net;
using System.Net.Sockets;
using Supawatch.Server;

namespace Supawatch.Tests.Server;

public sealed class ListenProbeTests
{
    [Fact]
    public void FirstProblem_MetricsPortInUse_NamesTheAddressTheFlagAndTheVariable()
    {
        using var held = new TcpListener(IPAddress.Loopback, 0);
        held.Start();
        var address = $"127.0.0.1:{((IPEndPoint)held.LocalEndpoint).Port}";

        var problem = ListenProbe.FirstProblem(new ServerOptions { MetricsListen = address, StatusListen = "127.0.0.1:0" });

        Assert.NotNull(problem);
        Assert.Contains(address, problem, StringComparison.Ordinal);
        Assert.Contains("in use", problem, StringComparison.Ordinal);
        Assert.Contains("--metrics-listen", problem, StringComparison.Ordinal);
        Assert.Contains("SUPAWATCH_METRICS_LISTEN", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void FirstProblem_StatusPortInUse_NamesTheStatusFlag()
    {
        using var held = new TcpListener(IPAddress.Loopback, 0);
        held.Start();

        var problem = ListenProbe.FirstProblem(new ServerOptions { MetricsListen = "127.0.0.1:0", StatusListen = $"127.0.0.1:{((IPEndPoint)held.LocalEndpoint).Port}" });

        Assert.NotNull(problem);
        Assert.Contains("--status-listen or SUPAWATCH_STATUS_LISTEN", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstProblem_FreePorts_IsNull()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        Assert.Null(ListenProbe.FirstProblem(new ServerOptions { MetricsListen = $"127.0.0.1:{port}", StatusListen = "127.0.0.1:0" }));
    }
}
