using Supawatch.Alerting;
using Supawatch.Cli;
using Supawatch.Configuration;
using Supawatch.Validation;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// The paging path the alerting tests run through: a real Alertmanager with the configuration rendered from the
/// operator's variables (through the CLI's mapping and validation), and a real Prometheus evaluating the rendered rules,
/// every <c>for</c> shortened, on one scrape target, scraping and evaluating every second. One class's own
/// <see cref="PrometheusFixture"/> and <see cref="AlertmanagerFixture"/> are started by it.
/// </summary>
public static class AlertingPipeline
{
    /// <param name="variables">The operator's variables (<c>WEBHOOK_URL</c>, <c>SUPAWATCH_ALERT_GROUP_WAIT</c>, …); they must validate.</param>
    /// <param name="ruleFor">Every rule's <c>for</c> (the shipped durations are proven by alerts/tests).</param>
    /// <param name="scrapeTarget"><c>host:port</c> of the /metrics Prometheus scrapes (Supawatch or a stub exporter).</param>
    /// <param name="adjust">Changes the loaded options before anything is rendered, for timings no variable sets.</param>
    /// <returns>The options both files were rendered from.</returns>
    public static async Task<AlertingOptions> StartAsync(
        PrometheusFixture prometheus,
        AlertmanagerFixture alertmanager,
        IReadOnlyDictionary<string, string> variables,
        TimeSpan ruleFor,
        string scrapeTarget,
        Action<AlertingOptions>? adjust = null)
    {
        var configuration = SupawatchConfiguration.Build(null, variables);
        Assert.Empty(ConfigurationValidator.Validate(configuration));
        var options = ConfigCommand.Load(configuration);
        adjust?.Invoke(options);
        await alertmanager.StartAsync(AlertmanagerConfig.Render(AlertmanagerConfig.Build(options)));

        var rulesPath = Path.Combine(prometheus.ConfigDir, AlertRules.FileName);
        await File.WriteAllTextAsync(rulesPath, AlertRules.Render(AlertRules.WithFor(AlertRules.Build(options), ruleFor)));
        await prometheus.StartAsync($$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ["{{rulesPath}}"]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["127.0.0.1:{{alertmanager.Port}}"]
            scrape_configs:
              - job_name: supawatch
                static_configs:
                  - targets: ["{{scrapeTarget}}"]
            """);
        return options;
    }

    /// <summary>The scrape target of a running Supawatch: the host and port of its metrics listener.</summary>
    public static string TargetOf(SupawatchServer server) => new Uri(server.MetricsUrl).Authority;
}
