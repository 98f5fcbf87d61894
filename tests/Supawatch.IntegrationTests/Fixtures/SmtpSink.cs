namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A local SMTP server on 127.0.0.1: Debian's <c>python3 -m aiosmtpd -n</c> (package python3-aiosmtpd), which
/// prints every message it receives to its log. Started and stopped by PID.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ServerProcess _server;
    private readonly string _root;

    private SmtpSink(ServerProcess server, string root, int port)
    {
        _server = server;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    /// <summary>host:port for SMTP_HOST.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    /// <summary>Everything received so far (headers and bodies, as aiosmtpd's debugging handler prints them).</summary>
    public string Received => File.Exists(_server.LogPath) ? File.ReadAllText(_server.LogPath) : "";

    public static async Task<SmtpSink> StartAsync()
    {
        var python = RequiredTool.RequireFile("/usr/bin/python3", "python3");
        var check = await ProcessRunner.TryRunAsync(python, ["-c", "import aiosmtpd"]);
        if (check.ExitCode != 0)
        {
            RequiredTool.RequireFile("/usr/lib/python3/dist-packages/aiosmtpd/__init__.py", "python3-aiosmtpd");
        }

        var root = TempDirectory.Create("smtp");
        var port = FreePort.Next();
        var server = ServerProcess.Start(python, ["-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}"], Path.Combine(root, "smtp.log"));
        await Wait.UntilAsync(
            async () =>
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return !server.HasExited;
            },
            TimeSpan.FromSeconds(20),
            $"aiosmtpd to listen on 127.0.0.1:{port}");
        return new SmtpSink(server, root, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await TempDirectory.DeleteAsync(_root);
    }
}
