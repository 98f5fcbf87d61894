namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>One active target from Prometheus's <c>/api/v1/targets</c>.</summary>
/// <param name="Labels">The target's labels after relabelling (job, instance, …).</param>
/// <param name="Health">"up", "down" or "unknown" (not scraped yet).</param>
/// <param name="LastError">The last scrape error, empty when none.</param>
public sealed record PrometheusTarget(
    IReadOnlyDictionary<string, string> Labels,
    string ScrapePool,
    string ScrapeUrl,
    string Health,
    string LastError);
