using Microsoft.Extensions.Configuration;

namespace Supawatch.Health;

/// <summary>How health checks run. Section <c>Health</c>; see docs/health.md.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>The <c>Health</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static HealthOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<HealthOptions>() ?? new();

    /// <summary><c>HEALTH_CHECK_INTERVAL</c>: time between round starts.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>SUPAWATCH_HEALTH_TIMEOUT</c>: one check's limit; must be below the interval.
    /// Unset: 5 s, or 80% of the interval when that is shorter (see <see cref="EffectiveTimeout"/>).
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The per-check timeout in force.</summary>
    public TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, (long)(Interval.Ticks * 0.8)));

    /// <summary>
    /// <c>SUPAWATCH_HEALTH_CONCURRENCY</c>: checks in flight at once. High enough that a tenth of a large fleet
    /// hanging until its timeout still fits in one wave.
    /// </summary>
    public int Concurrency { get; set; } = 128;

    /// <summary>Fraction of the interval added or removed at random, so many Supawatch processes do not beat in step.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>Rounds a worse status must be seen in a row before the instance flips to it.</summary>
    public int FailureThreshold { get; set; } = 2;

    /// <summary>Rounds a better status must be seen in a row before the instance recovers.</summary>
    public int SuccessThreshold { get; set; } = 1;

    /// <summary>Components whose failure makes the instance down; any other failing component makes it degraded.</summary>
    public string CriticalComponents { get; set; } = "kong,db";

    /// <summary>
    /// <c>SUPAWATCH_STOPPED_STATES</c>: master-DB project states that mean "not expected to run", comma-separated.
    /// One list for the status page, the exporter and the alert rules: see <see cref="Instances.StoppedStates"/>.
    /// </summary>
    public string StoppedStates { get; set; } = Instances.StoppedStates.Default;

    /// <summary>Components probed over HTTP, as <c>component=path</c>, comma-separated.</summary>
    public string HttpComponents { get; set; } = "kong=/,studio=/";

    /// <summary>HTTP status codes that count as alive for Kong: a 404 for an unknown route is alive.</summary>
    public string KongUpStatus { get; set; } = "200-499";

    /// <summary>HTTP status codes that count as alive for every other HTTP component.</summary>
    public string UpStatus { get; set; } = "200-399,401,403";

    /// <summary>History store file; default <c>&lt;data&gt;/history.db</c>.</summary>
    public string? HistoryPath { get; set; }

    /// <summary><c>SUPAWATCH_HISTORY_RETENTION</c>: how long state changes, incidents and daily uptime are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    public IReadOnlyList<string> CriticalComponentList => Split(CriticalComponents);

    public IReadOnlyList<string> StoppedStateList => Split(StoppedStates);

    /// <summary>The parsed <see cref="StoppedStates"/>.</summary>
    public Instances.StoppedStates StoppedStateSet => new(StoppedStateList);

    /// <summary>Component → request path for HTTP checks.</summary>
    public IReadOnlyDictionary<string, string> HttpPaths => Split(HttpComponents)
        .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
        .Where(pair => pair[0].Length > 0)
        .ToDictionary(pair => pair[0], pair => pair.Length > 1 && pair[1].StartsWith('/') ? pair[1] : "/", StringComparer.Ordinal);

    private static string[] Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
