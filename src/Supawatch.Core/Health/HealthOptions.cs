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

    /// <summary>
    /// Components probed over HTTP, as <c>component=path</c>, comma-separated. Beyond Kong and Studio, the paths of
    /// Supabase's own compose healthchecks; those components are probed only when their service port is published
    /// (<see cref="HealthPlanner"/>).
    /// </summary>
    public string HttpComponents { get; set; } = "kong=/,studio=/,auth=/health,storage=/status,rest=/,pooler=/api/health,analytics=/health";

    /// <summary>
    /// <c>SUPAWATCH_API_CHECKS</c>: the Supabase services checked through each tenant's Kong, comma-separated, as a
    /// service name with its default path (<see cref="DefaultApiPaths"/>) or <c>service=/path</c>. Empty (the default):
    /// no API checks. Every request carries the tenant's anon key in <c>apikey</c> when one is found.
    /// </summary>
    public string ApiChecks { get; set; } = "";

    /// <summary>
    /// <c>SUPAWATCH_API_CHECK_FAILURE</c>: what a failing API check makes the instance: <c>degraded</c> (the default)
    /// or <c>down</c>.
    /// </summary>
    public string ApiCheckFailure { get; set; } = "degraded";

    /// <summary>
    /// <c>SUPAWATCH_API_KEY_SOURCE</c>: where the API checks find a tenant's anon key, in order, comma-separated:
    /// <c>env</c> (its containers' environment, <c>SUPAWATCH_ANON_KEY_VARS</c>) and <c>masterdb</c> (an <c>anon_key</c>
    /// column of <c>MASTER_DB_QUERY</c>). The first source that has one wins.
    /// </summary>
    public string ApiKeySource { get; set; } = "env,masterdb";

    /// <summary>The key sources <see cref="ApiKeySource"/> accepts.</summary>
    public static IReadOnlyList<string> KeySources { get; } = ["env", "masterdb"];

    /// <summary><see cref="ApiKeySource"/> parsed, in order, lower case, without repeats; unknown names are left out (the validator names them).</summary>
    public IReadOnlyList<string> ApiKeySourceList => [.. Split(ApiKeySource.ToLowerInvariant()).Where(KeySources.Contains).Distinct(StringComparer.Ordinal)];

    /// <summary>HTTP status codes that count as a serving API behind Kong (a 401 is a rejected key, not alive).</summary>
    public string ApiUpStatus { get; set; } = "200-399";

    /// <summary>The paths of the services <see cref="ApiChecks"/> knows by name (Supabase's Kong routes).</summary>
    public static IReadOnlyDictionary<string, string> DefaultApiPaths { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["auth"] = "/auth/v1/health",
        ["rest"] = "/rest/v1/",
        ["storage"] = "/storage/v1/status",
        ["realtime"] = "/realtime/v1/api/tenants/realtime-dev/health",
        ["functions"] = "/functions/v1/",
    };

    /// <summary>True when a failing API check makes the instance down rather than degraded.</summary>
    public bool ApiFailureIsDown => string.Equals(ApiCheckFailure.Trim(), "down", StringComparison.OrdinalIgnoreCase);

    /// <summary>Service → path through Kong for the API checks, in the configured order; unknown names without a path are left out (the validator names them).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ApiPaths => [.. Split(ApiChecks)
        .Select(entry => entry.Split('=', 2, StringSplitOptions.TrimEntries))
        .Where(pair => pair[0].Length > 0)
        .Select(pair => pair.Length > 1
            ? new KeyValuePair<string, string>(pair[0], pair[1])
            : new KeyValuePair<string, string>(pair[0], DefaultApiPaths.GetValueOrDefault(pair[0], "")))
        .Where(pair => pair.Value.StartsWith('/'))
        .DistinctBy(pair => pair.Key, StringComparer.Ordinal)];

    /// <summary>Entries of <see cref="ApiChecks"/> that cannot be used, for the validator.</summary>
    public IEnumerable<string> InvalidApiChecks => Split(ApiChecks)
        .Select(entry => entry.Split('=', 2, StringSplitOptions.TrimEntries))
        .Where(pair => pair[0].Length == 0
            || pair[0].Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            || (pair.Length > 1 ? !pair[1].StartsWith('/') || pair[1].Any(c => c <= ' ' || c >= (char)127) : !DefaultApiPaths.ContainsKey(pair[0])))
        .Select(pair => string.Join('=', pair));

    /// <summary>HTTP status codes that count as alive for Kong: a 404 for an unknown route is alive.</summary>
    public string KongUpStatus { get; set; } = "200-499";

    /// <summary>HTTP status codes that count as alive for every other HTTP component.</summary>
    public string UpStatus { get; set; } = "200-399,401,403";

    /// <summary>History store file; default <c>&lt;data&gt;/history.db</c>.</summary>
    public string? HistoryPath { get; set; }

    /// <summary>The history store's file: <see cref="HistoryPath"/>, or <c>history.db</c> in the data folder (health, notices and <c>slo report</c> share it).</summary>
    public string HistoryFile(string dataDir) =>
        string.IsNullOrWhiteSpace(HistoryPath) ? Path.Combine(dataDir, "history.db") : HistoryPath;

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
