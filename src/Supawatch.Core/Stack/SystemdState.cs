using System.Globalization;

namespace Supawatch.Stack;

/// <summary>A unit's <c>systemctl show</c> properties read as <c>stack status</c> shows a component.</summary>
public static class SystemdState
{
    public static string Of(IReadOnlyDictionary<string, string> unit) =>
        (unit.GetValueOrDefault("LoadState"), unit.GetValueOrDefault("ActiveState"), unit.GetValueOrDefault("SubState"), unit.GetValueOrDefault("Result")) switch
        {
            ("not-found", _, _, _) => ComponentStates.NotInstalled,
            (_, "active", "running", _) => ComponentStates.Running,
            (_, "failed", _, "start-limit-hit") => ComponentStates.CrashLoop,
            (_, "activating", "auto-restart", _) => ComponentStates.Restarting,
            (_, "activating" or "reloading", _, _) => ComponentStates.Restarting,
            (_, "failed", _, _) => "failed",
            _ => ComponentStates.Stopped,
        };

    public static int? Pid(IReadOnlyDictionary<string, string> unit) =>
        int.TryParse(unit.GetValueOrDefault("MainPID"), CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;

    public static int? Restarts(IReadOnlyDictionary<string, string> unit) =>
        int.TryParse(unit.GetValueOrDefault("NRestarts"), CultureInfo.InvariantCulture, out var restarts) ? restarts : null;

    /// <summary><c>exit N</c> or <c>signal N</c> of the last run, as the native runtime says it; null before any ended.</summary>
    public static string? LastExit(IReadOnlyDictionary<string, string> unit) =>
        (unit.GetValueOrDefault("ExecMainCode"), unit.GetValueOrDefault("ExecMainStatus")) switch
        {
            ("1", { } status) => $"exit {status}",
            ("2" or "3", { } status) => $"signal {status}",
            _ => null,
        };

    public static DateTimeOffset? Since(IReadOnlyDictionary<string, string> unit) =>
        unit.GetValueOrDefault("StateChangeTimestamp") is ['@', .. var seconds] && long.TryParse(seconds, CultureInfo.InvariantCulture, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : null;
}
