using System.Diagnostics;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A long-running server started as a child process, its output appended to a log file, stopped by PID:
/// a signal first, then the whole process tree killed if it does not exit in time.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly HttpClient ReadyClient = new() { Timeout = TimeSpan.FromSeconds(2) };

    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(10);

    private readonly Process _process;

    private ServerProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    /// <summary>The server's PID.</summary>
    public int Pid => _process.Id;

    /// <summary>The file holding the server's stdout and stderr.</summary>
    public string LogPath { get; }

    /// <summary>True once the server has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The server's exit code; only once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> with stdin from /dev/null and output to <paramref name="logPath"/>.</summary>
    public static ServerProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string logPath,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // The shell redirects and then execs the server, so the PID is the server's and no pipe of ours
        // is inherited by it or by daemons it forks (podman's conmon outlives the service).
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >>\"$SERVER_PROCESS_LOG\" 2>&1");
        startInfo.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["SERVER_PROCESS_LOG"] = logPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        return new ServerProcess(process, logPath);
    }

    /// <summary>
    /// Starts a server with a Prometheus-style <c>/-/ready</c> endpoint and waits until it answers; on timeout
    /// the server is stopped and the error carries the end of its log.
    /// </summary>
    public static async Task<ServerProcess> StartReadyAsync(
        string name, string fileName, IEnumerable<string> arguments, string logPath, string baseUrl, TimeSpan timeout)
    {
        var server = Start(fileName, arguments, logPath);
        try
        {
            await Wait.UntilAsync(
                async () =>
                {
                    using var response = await ReadyClient.GetAsync($"{baseUrl}/-/ready");
                    return !server.HasExited && response.IsSuccessStatusCode;
                },
                timeout,
                $"{name} to be ready at {baseUrl}/-/ready");
            return server;
        }
        catch (TimeoutException ex)
        {
            var tail = server.LogTail();
            await server.DisposeAsync();
            throw new InvalidOperationException($"{ex.Message}\n--- {name} log ---\n{tail}", ex);
        }
    }

    /// <summary>The end of the server's log, for failure messages.</summary>
    public string LogTail(int maxChars = 4000)
    {
        if (!File.Exists(LogPath))
        {
            return "(no log)";
        }

        var text = File.ReadAllText(LogPath);
        return text.Length <= maxChars ? text : text[^maxChars..];
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills the process tree.</summary>
    public async Task StopAsync(int signal = Signals.Terminate, TimeSpan? grace = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        Signals.Send(_process.Id, signal);
        if (await WaitForExitAsync(grace ?? DefaultGrace))
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        if (!await WaitForExitAsync(DefaultGrace))
        {
            throw new InvalidOperationException($"PID {_process.Id} ({LogPath}) survived SIGKILL.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    // Polls rather than WaitForExitAsync, which would also wait for output streams we never opened.
    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!_process.HasExited)
        {
            if (stopwatch.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
