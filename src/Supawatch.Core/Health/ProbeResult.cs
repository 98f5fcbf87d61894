using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>
/// What one probe found. Probes never throw: every failure is a result with a <see cref="Reason"/> written
/// by Supawatch (never an exception message, which could carry an internal address).
/// </summary>
/// <param name="Reason">Short, public-safe explanation: <c>HTTP 404</c>, <c>connection refused</c>, <c>no answer within 5 s</c>.</param>
/// <param name="Connections">Database connections, when the credentialed database check ran.</param>
public sealed record ProbeResult(HealthStatus Status, TimeSpan Duration, string Reason, long? Connections = null)
{
    /// <summary>True when the probe had no answer within its timeout (what <see cref="SilentHostBreaker"/> counts).</summary>
    public bool TimedOut { get; init; }

    /// <summary>False for a check the breaker did not try: its zero duration is no response time.</summary>
    public bool Tried { get; init; } = true;

    public static ProbeResult NoAnswer(TimeSpan duration, TimeSpan timeout) =>
        new(HealthStatus.Down, duration, ProbeFailures.NoAnswer(timeout)) { TimedOut = true };

    /// <summary>A probe that threw: no answer when its own timeout cut it short, else the exception in our words.</summary>
    public static ProbeResult Failed(TimeSpan duration, Exception exception, TimeSpan timeout, bool timedOut) =>
        timedOut ? NoAnswer(duration, timeout) : Down(duration, ProbeFailures.Describe(exception));

    public static ProbeResult Up(TimeSpan duration, string reason, long? connections = null) => new(HealthStatus.Up, duration, reason, connections);

    public static ProbeResult Down(TimeSpan duration, string reason) => new(HealthStatus.Down, duration, reason);

    /// <summary>A check <see cref="SilentHostBreaker"/> reported down without trying it.</summary>
    public static ProbeResult NotTried(string reason) => new(HealthStatus.Down, TimeSpan.Zero, reason) { Tried = false };

    public static ProbeResult Skipped(string reason) => new(HealthStatus.Unknown, TimeSpan.Zero, reason);
}
