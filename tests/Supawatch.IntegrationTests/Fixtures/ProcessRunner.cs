using System.Diagnostics;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>Runs a command to completion with a timeout and captures what it printed.</summary>
public static class ProcessRunner
{
    /// <summary>The timeout when the caller names none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // A daemon the command forks may keep our pipes open after the command itself exits.
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs the command and returns its output.</summary>
    /// <exception cref="InvalidOperationException">The command exited non-zero; the message holds its output.</exception>
    /// <exception cref="TimeoutException">The command ran past <paramref name="timeout"/> and was killed.</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await TryRunAsync(fileName, arguments, timeout, environment);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException(result.Describe());
    }

    /// <summary>Runs the command and returns its output whatever its exit code.</summary>
    /// <exception cref="TimeoutException">The command ran past <paramref name="timeout"/> and was killed.</exception>
    public static async Task<ProcessResult> TryRunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var command = string.Join(' ', startInfo.ArgumentList.Prepend(fileName));
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        var limit = timeout ?? DefaultTimeout;
        using var timeoutSource = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command}' did not finish within {limit.TotalSeconds:0.#} s and was killed.");
        }

        try
        {
            await Task.WhenAll(stdout, stderr).WaitAsync(OutputDrainTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'{command}' exited {process.ExitCode} but a child it left kept its output open.");
        }

        return new ProcessResult(command, process.ExitCode, await stdout, await stderr);
    }
}
