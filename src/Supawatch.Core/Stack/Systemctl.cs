using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary><c>systemctl</c> (system scope), each call bounded in time; a failure is a <see cref="StackException"/> quoting what it said.</summary>
public static class Systemctl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>True where systemd runs as PID 1 (what <c>sd_booted()</c> checks), so <c>systemctl</c> can drive units.</summary>
    public static bool Booted() => System.IO.Directory.Exists("/run/systemd/system");

    /// <exception cref="StackException">systemctl is missing, failed or timed out.</exception>
    public static async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var program = ToolPath.Find("systemctl")
            ?? throw new StackException("systemctl is not on PATH: the systemd runtime needs a host where systemd runs (Debian package systemd); use --runtime native instead");
        if (!Booted())
        {
            throw new StackException("systemd is not running as PID 1 on this host (no /run/systemd/system), so systemctl cannot start units; use --runtime native, or --runtime docker");
        }

        ProcessOutcome outcome;
        try
        {
            outcome = await BoundedProcess.RunAsync(program, arguments, Timeout, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new StackException($"could not run {program}: {ex.Message}");
        }

        if (outcome.TimedOut || outcome.ExitCode != 0)
        {
            throw new StackException($"'systemctl {string.Join(' ', arguments)}' {(outcome.TimedOut ? $"did not finish within {Timeout.TotalSeconds:0} s" : $"failed (exit {outcome.ExitCode})")}: {outcome.Output.Trim()}");
        }

        return outcome.Output;
    }

    /// <summary>Properties of <paramref name="unit"/> (<c>systemctl show</c>), timestamps as <c>@unix-seconds</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ShowAsync(string unit, CancellationToken cancellationToken)
    {
        var output = await RunAsync(
            ["show", "--timestamp=unix", "-p", "LoadState,ActiveState,SubState,Result,MainPID,NRestarts,ExecMainCode,ExecMainStatus,StateChangeTimestamp", unit],
            cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1].Trim(), StringComparer.Ordinal);
    }
}
