using System.Net;
using System.Net.Sockets;

namespace Supawatch.Demo;

/// <summary>
/// What the simulated tenants answer on their published loopback ports, as the schedule says: Kong and Studio over HTTP
/// (200, or 503/500 during an <see cref="SimulatedFaultKind.HttpError"/>), the database with the PostgreSQL protocol's
/// answer to an SSLRequest (or nothing at all during a <see cref="SimulatedFaultKind.Silent"/> fault). A stopped
/// container's port drops every connection.
/// </summary>
public sealed class SimulatedTenantEndpoints : IAsyncDisposable
{
    private readonly SimulatedFleet _fleet;
    private readonly WebApplication _http;
    private readonly List<(TcpListener Listener, SimulatedContainer Container)> _databases = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _accepting = [];

    public SimulatedTenantEndpoints(SimulatedFleet fleet)
    {
        _fleet = fleet;
        var http = fleet.Containers.Where(c => c.PrivatePort is 8000 or 3000).ToList();
        foreach (var container in fleet.Containers.Where(c => c.PrivatePort == 5432))
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            container.HostPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            _databases.Add((listener, container));
        }

        // Every probe listener is held until all are bound, so no two containers are given the same free port.
        var probes = http.Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var (container, probe) in http.Zip(probes))
        {
            probe.Start();
            container.HostPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        probes.ForEach(p => p.Dispose());

        var byPort = http.ToDictionary(c => c.HostPort);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o =>
        {
            foreach (var port in byPort.Keys)
            {
                o.Listen(IPAddress.Loopback, port);
            }
        });
        _http = builder.Build();
        _http.Run(context => AnswerAsync(context, byPort));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _http.StartAsync(cancellationToken);
        foreach (var (listener, container) in _databases)
        {
            _accepting.Add(Task.Run(() => AcceptDatabaseAsync(listener, container, _stop.Token), CancellationToken.None));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var (listener, _) in _databases)
        {
            listener.Stop();
        }

        await Task.WhenAll(_accepting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _http.DisposeAsync();
        _stop.Dispose();
    }

    private Task AnswerAsync(HttpContext context, Dictionary<int, SimulatedContainer> byPort)
    {
        if (!byPort.TryGetValue(context.Connection.LocalPort, out var container) || !_fleet.Read(() => container.Running))
        {
            context.Abort();
            return Task.CompletedTask;
        }

        if (container.Has(SimulatedFaultKind.HttpError, _fleet.Elapsed))
        {
            context.Response.StatusCode = container.Component == "kong" ? 503 : 500;
            return context.Response.WriteAsync($"simulated failure of {container.Name} (supawatch demo)\n");
        }

        return context.Response.WriteAsync($"simulated {container.Component} of {container.InstanceId}: ok (supawatch demo)\n");
    }

    private async Task AcceptDatabaseAsync(TcpListener listener, SimulatedContainer container, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerDatabaseAsync(socket, container, stop), CancellationToken.None);
        }
    }

    private async Task AnswerDatabaseAsync(Socket socket, SimulatedContainer container, CancellationToken stop)
    {
        using (socket)
        {
            try
            {
                if (!_fleet.Read(() => container.Running))
                {
                    return;
                }

                if (container.Has(SimulatedFaultKind.Silent, _fleet.Elapsed))
                {
                    // Accepts and says nothing, as a hung server does; the probe's timeout decides.
                    await Task.Delay(TimeSpan.FromSeconds(30), stop);
                    return;
                }

                var request = new byte[8];
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await socket.ReceiveAsync(request, SocketFlags.None, timeout.Token);
                // 'N': no TLS here, as a server without SSL answers an SSLRequest.
                await socket.SendAsync("N"u8.ToArray(), SocketFlags.None, timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // The probe went away or the demo ends.
            }
        }
    }
}
