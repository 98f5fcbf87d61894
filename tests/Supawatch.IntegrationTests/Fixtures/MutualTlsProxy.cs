using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// socat terminating TLS on 127.0.0.1:<see cref="Port"/> in front of a podman API socket, requiring a client
/// certificate signed by the given CA (<c>verify=1</c>): the same contract as dockerd <c>--tlsverify</c> on :2376.
/// socat rather than an in-test SslStream proxy because it is a real, separate TLS server (OpenSSL, not .NET on both
/// ends), so a fault .NET's client tolerates by accident would still show; each connection is a forked child, which
/// <see cref="DisposeAsync"/> stops by PID along with the listener.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class MutualTlsProxy : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly ServerProcess _process;

    private MutualTlsProxy(ServerProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The <c>DOCKER_HOSTS</c> endpoint: <c>tcp://127.0.0.1:PORT</c>.</summary>
    public string Endpoint => $"tcp://127.0.0.1:{Port}";

    /// <summary>The proxy's stdout and stderr (socat logs each refused handshake).</summary>
    public string LogTail() => _process.LogTail();

    /// <summary>
    /// Writes the server certificate, its key (mode 600) and the CA it trusts for clients into
    /// <paramref name="directory"/>, starts socat and waits until it accepts connections.
    /// </summary>
    public static async Task<MutualTlsProxy> StartAsync(string directory, IssuedCertificate server, string clientCaPem, string unixSocket)
    {
        var socat = RequiredTool.Find("socat", "socat");
        Directory.CreateDirectory(directory);
        var cert = Path.Combine(directory, "server.pem");
        var key = Path.Combine(directory, "server.key");
        var ca = Path.Combine(directory, "client-ca.pem");
        await File.WriteAllTextAsync(cert, server.CertificatePem);
        TestCertificateAuthority.WritePrivate(key, server.KeyPem);
        await File.WriteAllTextAsync(ca, clientCaPem);

        var port = FreePort.Next();
        var process = ServerProcess.Start(socat, [
            $"OPENSSL-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork,cert={cert},key={key},cafile={ca},verify=1",
            $"UNIX-CONNECT:{unixSocket}",
        ], Path.Combine(directory, "socat.log"));
        var proxy = new MutualTlsProxy(process, port);
        try
        {
            await Wait.UntilAsync(
                async () =>
                {
                    Assert.False(process.HasExited, "socat exited");
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return true;
                },
                StartTimeout,
                $"socat TLS proxy on 127.0.0.1:{port}");
            return proxy;
        }
        catch (TimeoutException ex)
        {
            var tail = process.LogTail();
            await proxy.DisposeAsync();
            throw new InvalidOperationException($"{ex.Message}\n--- socat log ---\n{tail}", ex);
        }
    }

    /// <summary>Stops the connection children socat forked, then the listener, each by PID.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var child in ChildrenOf(_process.Pid))
        {
            Signals.Send(child, Signals.Terminate);
        }

        await _process.DisposeAsync();
    }

    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1]) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }
}
