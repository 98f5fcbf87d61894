using Microsoft.Extensions.Configuration;

namespace Supawatch.Targets;

/// <summary>The Prometheus that scrapes the discovered targets. Section <c>Prometheus</c>.</summary>
public sealed class PrometheusOptions
{
    public const string Section = "Prometheus";

    /// <summary>The <c>Prometheus</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static PrometheusOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<PrometheusOptions>() ?? new();

    /// <summary><c>PROMETHEUS_URL</c>: when set, Supawatch posts <c>/-/reload</c> after the target set changes.</summary>
    public string? Url { get; set; }

    /// <summary>Changes closer together than this produce one reload.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>SCRAPE_INTERVAL</c>: written into the rendered prometheus.yml.</summary>
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromSeconds(30);
}
