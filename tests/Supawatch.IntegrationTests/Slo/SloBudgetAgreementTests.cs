using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.MasterDb;
using Supawatch.Tests.Dashboards;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Slo;

/// <summary>
/// The error budget three ways on one real fleet: a Docker Engine tenant whose Kong is stopped on a schedule and a
/// healthy one, a real master DB, Supawatch serving (status.json and the organization page, from its history store),
/// and a real Prometheus evaluating the shipped recording rules on Supawatch's metrics. The budgets must agree.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed partial class SloBudgetAgreementTests(DockerEngineFixture engine, PostgresFixture masterDb, PrometheusFixture prometheus, ITestOutputHelper output)
    : IClassFixture<PostgresFixture>, IClassFixture<PrometheusFixture>
{
    private const string Failing = "slo1_app_1";
    private const string Healthy = "slo2_app_2";

    /// <summary>50 %: a third of the time down spends two thirds of the budget, so the figure sits mid-range, not clamped near 1 or far below 0.</summary>
    private const double Objective = 50;

    /// <summary>
    /// Allowed difference in budget left: 0.3 (15 % of the watched time at a 50 % objective, about 14 s of the 1.5
    /// minutes). The history counts confirmed statuses: an outage counts from its second 2 s round, while the rules'
    /// 1 s samples count it from the first scrape after the container stopped; so each outage is 3-5 s shorter in the
    /// history, and its budget is the higher. Measured on this machine (load ~28): status.json 0.174 against PromQL
    /// −0.034, and 0.167 against −0.068 in a run that started Prometheus late. The page equals status.json.
    /// </summary>
    private const double Tolerance = 0.3;

    private static readonly TimeSpan Down = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Up = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Budget_OneTenantFailingOnASchedule_StatusJsonPageAndPromQlAgree()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync($"""
            TRUNCATE projects, organizations;
            INSERT INTO organizations VALUES ('slo-o1', 'Acme SLO'), ('slo-o2', 'Globex SLO');
            INSERT INTO projects VALUES ('{Failing}', 'slo-o1', 'Shop', 'active'), ('{Healthy}', 'slo-o2', 'Blog', 'active');
            """);
        string[] containers = [$"{Failing}_kong", $"{Healthy}_kong"];
        var rules = Path.Combine(Path.GetTempPath(), $"supawatch-slo-agreement-{Environment.ProcessId}.yml");
        try
        {
            foreach (var name in containers)
            {
                await engine.RunHttpdAsync(name);
            }

            // Prometheus first, scraping the port Supawatch is about to take: both start counting within a second of
            // each other (else the history holds healthy rounds from before Prometheus's first scrape).
            var metricsPort = FreePort.Next();
            // The shipped rules on a sixty-times faster clock: a sample a second instead of a minute, and 5-second tiles
            // every 5 seconds instead of 5-minute ones every 5 minutes. The tiles must not overlap (each sample in exactly
            // one), so their range and their group's interval change together.
            var shipped = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "alerts", "alerting_rules.yml"));
            await File.WriteAllTextAsync(rules, Faster(shipped));
            await prometheus.StartAsync($$"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ["{{rules}}"]
                scrape_configs:
                  - job_name: supawatch
                    static_configs:
                      - targets: ["127.0.0.1:{{metricsPort}}"]
                """);
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = masterDb.Url,
                ["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{metricsPort}",
                ["DISCOVERY_INTERVAL"] = "2",
                ["HEALTH_CHECK_INTERVAL"] = "2",
                // Tenants of a Kong alone: no database or Studio missing to count as down (the rules' sample would not).
                ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
                ["SUPAWATCH_SLO_OBJECTIVE"] = Objective.ToString(CultureInfo.InvariantCulture),
                ["SUPAWATCH_STATUS_SLO"] = "true",
            });
            await Wait.UntilAsync(async () => await PromQlAsync(Healthy) is 1.0 && await PromQlAsync(Failing) is 1.0,
                TimeSpan.FromSeconds(60), "both tenants' budgets recorded by Prometheus");

            for (var cycle = 0; cycle < 2; cycle++)
            {
                await engine.StopAsync(containers[0], timeoutSeconds: 1);
                await Task.Delay(Down);
                await engine.StartAsync(containers[0]);
                await Task.Delay(Up);
            }

            var (file, promql, page) = (await StatusJsonAsync(server, Failing), await PromQlAsync(Failing), await PageAsync(server, "slo-o1"));
            output.WriteLine(FormattableString.Invariant($"budget left of {Failing}: status.json {file:0.000}, PromQL {promql:0.000}, page {page:0.000} (tolerance {Tolerance})"));

            // Spent: two 20 s outages in about 2 minutes at a 50 % objective leave roughly a third of the budget.
            Assert.InRange(promql!.Value, -0.2, 0.75);
            Assert.InRange(file!.Value, promql.Value - Tolerance, promql.Value + Tolerance);
            // The direction of the known difference: the history's outages start a confirmation later.
            Assert.True(file.Value >= promql.Value, $"status.json {file} spent more than PromQL {promql}: the history counted down time the samples did not");
            // The page shows the organization's worst tenant, which is this one, from the same figures (read a moment later:
            // a round or two more of a recovered tenant moves its budget by less than 0.03).
            Assert.InRange(page!.Value, file.Value - 0.03, file.Value + 0.03);
            Assert.Equal(1.0, await PromQlAsync(Healthy));
            Assert.Equal(1.0, await StatusJsonAsync(server, Healthy));
            Assert.Equal(1.0, await PageAsync(server, "slo-o2"));
        }
        finally
        {
            foreach (var name in containers)
            {
                await engine.RemoveAsync(name).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            File.Delete(rules);
        }
    }

    private async Task<double?> PromQlAsync(string instanceId)
    {
        var data = await prometheus.QueryAsync($"instance_id:supabase_slo_budget_remaining:30d{{instance_id=\"{instanceId}\"}}");
        var result = data.GetProperty("result");
        return result.GetArrayLength() == 0 ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private static async Task<double?> StatusJsonAsync(SupawatchServer server, string instanceId)
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(server.StatusUrl + "/status/api/status.json"));
        var instance = document.RootElement.GetProperty("organizations").EnumerateArray()
            .SelectMany(o => o.GetProperty("instances").EnumerateArray())
            .Single(i => i.GetProperty("instance_id").GetString() == instanceId);
        var left = instance.GetProperty("slo").GetProperty("budget_left");
        return left.ValueKind == JsonValueKind.Null ? null : left.GetDouble();
    }

    private static async Task<double?> PageAsync(SupawatchServer server, string orgId)
    {
        using var http = new HttpClient();
        var html = await http.GetStringAsync(server.StatusUrl + "/status/org/" + orgId);
        var match = OrganizationBudget().Match(html);
        Assert.True(match.Success, $"the page of {orgId} shows no error budget");
        return match.Groups[1].Value.Length == 0 ? null : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Faster(string rules)
    {
        string[] tiles = ["sum_over_time(instance_id:supabase_slo_unavailable:sample[5m])", "count_over_time(instance_id:supabase_slo_unavailable:sample[5m])"];
        var faster = rules.Replace("\n  interval: 1m\n", "\n  interval: 1s\n", StringComparison.Ordinal)
            .Replace("\n  interval: 5m\n", "\n  interval: 5s\n", StringComparison.Ordinal);
        foreach (var tile in tiles)
        {
            Assert.Contains(tile, faster, StringComparison.Ordinal);
            faster = faster.Replace(tile, tile.Replace("[5m]", "[5s]", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Contains("interval: 1s", faster, StringComparison.Ordinal);
        Assert.Contains("interval: 5s", faster, StringComparison.Ordinal);
        return faster;
    }

    [GeneratedRegex("id=\"org-budget\" data-budget-left=\"([^\"]*)\"")]
    private static partial Regex OrganizationBudget();
}
