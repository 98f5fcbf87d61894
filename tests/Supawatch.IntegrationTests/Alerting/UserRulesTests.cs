using Supawatch.Alerting;
using Supawatch.Cli;
using Supawatch.Configuration;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Alerting;

/// <summary>A user's own alerts/*_rules.yml load beside the generated rules in a real Prometheus.</summary>
public sealed class UserRulesTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    [Fact]
    public async Task Prometheus_RuleFilesGlob_LoadsGeneratedAndUserRules()
    {
        var alerts = Directory.CreateDirectory(Path.Combine(prometheus.ConfigDir, "alerts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(alerts, "mine_rules.yml"), "groups:\n- name: mine\n  rules:\n  - alert: MyOwnAlert\n    expr: vector(1)\n    labels: {severity: warning}\n");
        var exit = await ConfigCommand.RenderAsync(SupawatchConfiguration.Build(null, new Dictionary<string, string>()), prometheus.ConfigDir, TextWriter.Null, TextWriter.Null, CancellationToken.None);
        Assert.Equal(ExitCodes.Ok, exit);

        await prometheus.StartAsync($$"""
            global:
              evaluation_interval: 1s
            rule_files: ["{{alerts}}/*_rules.yml"]
            """);

        await Wait.UntilAsync(async () =>
        {
            var firing = (await prometheus.QueryAsync("ALERTS{alertstate=\"firing\"}")).GetProperty("result").EnumerateArray()
                .Select(r => r.GetProperty("metric").GetProperty("alertname").GetString()).ToHashSet();
            return firing.Contains("MyOwnAlert") && firing.Contains(AlertNames.Watchdog);
        }, TimeSpan.FromSeconds(30), "MyOwnAlert and the Watchdog firing side by side");
        Assert.StartsWith("groups:\n- name: mine", await File.ReadAllTextAsync(Path.Combine(alerts, "mine_rules.yml")), StringComparison.Ordinal);
    }
}
