namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A server process that lives in its own temp folder: started (and started again) by its owner, stopped or killed by
/// its PID, the folder deleted on dispose. <see cref="VictoriaMetricsServer"/> and the scaling tests' Prometheus hold one.
/// </summary>
public sealed class FolderServer(string name, string root, string logFileName) : IAsyncDisposable
{
    private ServerProcess? _process;

    /// <summary>The server's own temp folder.</summary>
    public string Root => root;

    /// <summary>The running server's PID; null when stopped.</summary>
    public int? Pid => _process?.Pid;

    /// <summary>Starts the server (output appended to its log in <see cref="Root"/>) and waits for <c>/-/ready</c>.</summary>
    public async Task StartReadyAsync(string binary, IEnumerable<string> arguments, string baseUrl)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{name} is already running (PID {_process.Pid}).");
        }

        _process = await ServerProcess.StartReadyAsync(name, binary, arguments, Path.Combine(root, logFileName), baseUrl, TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the server by its PID (SIGTERM, then the process tree killed); the folder stays.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>SIGKILL by PID: no shutdown, no last flush.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(signal: 9, grace: TimeSpan.FromSeconds(10)); // SIGKILL
        }
    }

    public string LogTail() => _process?.LogTail() ?? "(not running)";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await TempDirectory.DeleteAsync(root);
    }
}
