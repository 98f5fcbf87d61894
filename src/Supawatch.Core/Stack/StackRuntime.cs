namespace Supawatch.Stack;

/// <summary>How the monitoring stack runs: <c>docker compose</c>, binaries on PATH as background processes, or the same binaries as systemd units.</summary>
public enum StackRuntime
{
    /// <summary>Docker when a Docker engine answers; otherwise systemd when it is PID 1 and setup runs as root; native otherwise.</summary>
    Auto,
    Docker,
    Native,

    /// <summary>The native components as system units (<see cref="SystemdUnits"/>), driven through <c>systemctl</c>: started at boot, restarted by systemd.</summary>
    Systemd,
}
