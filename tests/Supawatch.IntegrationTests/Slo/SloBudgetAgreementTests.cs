using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.MasterDb;
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
    /// Allowed difference in budget left, from sampling alone: both count the same events — each 2 s health round's raw
    /// checks, which the history counts as rounds and the rules as the 1 s samples of /metrics that show that round
    /// (docs/slo.md). About 120 s are watched, 40 s of them down; at a 50 % objective budget left = 1 − 2 × error ratio.
    /// (1) The edges of each outage: the samples read Kong's container state from the inventory, which Docker's events
    /// update between rounds, so they may see the stop up to a round (2 s) before the round does; and at each edge a round
    /// is seen by one to three samples (±1 s each): ≤ 4 s an outage, 8 s of 120 → 0.067 of ratio → 0.133 of budget.
    /// (2) PromQL's 30-day figure is summed from 5 s tiles recorded every 5 s: it lacks up to the last 6 s of (good)
    /// samples: 6/120 of a ratio near 1/3 → 0.017 → 0.033. (3) Prometheus's first scrape and the first round are up to
    /// 2 s apart (good): 2/120 × 1/3 → 0.011. Sum: 0.18. Measured (load 40-50): status.json 0.021, PromQL −0.079.
    /// The confirmation delay (3-5 s an outage) no longer enters: the history counts raw checks, not confirmed statuses;
    /// with it the figures agreed only within 0.3 (0.174 against −0.034).
    /// </summary>
    private const double Tolerance = 0.18;

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
        try
        {
            foreach (var name in containers)
            {
                await engine.RunHttpdAsync(name);
            }

            // Prometheus first, scraping the port Supawatch is about to take: both start counting within a second of
            // each other (else the history holds healthy rounds from before Prometheus's first scrape).
            var metricsPort = FreePort.Next();
            // The shipped rules on a sixty-times faster clock: a sample a second instead of a minute, 5-second tiles.
            await ShippedRulesPrometheus.StartAsync(prometheus, ShippedRulesPrometheus.SloClock.SixtyTimesFaster, $$"""
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

    [GeneratedRegex("id=\"org-budget\" data-budget-left=\"([^\"]*)\"")]
    private static partial Regex OrganizationBudget();
}
