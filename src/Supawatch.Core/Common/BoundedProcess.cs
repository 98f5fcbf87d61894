using System.Diagnostics;

namespace Supawatch.Common;

/// <summary>
/// Runs a command to completion within a time limit, capturing its output; one that overruns (or whose caller
/// cancels) is killed with its children, never left running.
/// </summary>
public static class BoundedProcess
{
    /// <exception cref="System.ComponentModel.Win32Exception">The command could not be started (not found, not executable).</exception>
    public static async Task<ProcessOutcome> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new ProcessOutcome(-1, "", TimedOut: true);
        }

        return new ProcessOutcome(process.ExitCode, await stdout + await stderr, TimedOut: false);
    }
}
