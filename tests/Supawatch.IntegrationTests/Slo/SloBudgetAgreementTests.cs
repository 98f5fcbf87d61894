using System.Diagnostics;
using System.Globalization;
using System.Text;
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

    /// <summary>50 %: budget left is 1 − 2 × the error ratio, so the figure sits mid-range, not clamped near 1 or far below 0.</summary>
    private const double Objective = 50;

    /// <summary>
    /// The seconds by which the two counts may differ, from sampling alone: both count the same events — each 2 s health
    /// round's raw checks, which the history counts as rounds and the rules as the 1 s samples of /metrics that show that
    /// round (docs/slo.md) — over the same span, which the test aligns at both ends (see the test). Per outage: at the stop
    /// the samples read Kong's state from Docker's event, 0–2 s after it (a scrape, an evaluation), and the history at the
    /// next round, 0–2 s after it; at recovery both wait for a round and the samples 0–2 s more: PromQL −2 to +4 s of bad.
    /// At the start both begin counting once Supawatch reads the project active (the samples up to 2 s later: −2 s of
    /// total) and at the end the history may hold one round more than PromQL's last evaluation (±2 s). Two outages: up
    /// to 8 s of bad; up to 4 s of total, which moves the ratio by the ratio (under a half) times as much: 2 s. So the
    /// ratios differ by at most 10 s over the seconds watched (about 110: tolerance 0.18 of budget at a 50 % objective).
    /// Measured: 0.025-0.051 apart in three runs (load 18-75). Before the ends were aligned: 0.165 and 0.184, from PromQL starting
    /// to count up to 8 s after the history and ending up to 6 s before it.
    /// </summary>
    private const double SamplingSeconds = 10;

    private static readonly TimeSpan Down = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Up = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Budget_OneTenantFailingOnASchedule_StatusJsonPageAndPromQlAgree()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync($"""
            TRUNCATE projects, organizations;
            INSERT INTO organizations VALUES ('slo-o1', 'Acme SLO'), ('slo-o2', 'Globex SLO');
            INSERT INTO projects VALUES ('{Failing}', 'slo-o1', 'Shop', 'paused'), ('{Healthy}', 'slo-o2', 'Blog', 'active');
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
            await Wait.UntilAsync(async () => await PromQlAsync(Healthy) is 1.0, TimeSpan.FromSeconds(60),
                "the healthy tenant's budget recorded by Prometheus");

            // The failing tenant starts paused (stopped on purpose: neither side counts it) and turns active once Prometheus
            // evaluates the rules, so the history and the samples start counting it together, when Supawatch reads the
            // master DB (else the history holds healthy rounds from before Prometheus's first scrape: up to 8 s measured).
            await masterDb.ExecuteAsync($"UPDATE projects SET status = 'active' WHERE instance_id = '{Failing}'");
            var watched = Stopwatch.StartNew();
            await Wait.UntilAsync(async () => await PromQlAsync(Failing) is 1.0, TimeSpan.FromSeconds(30),
                "the failing tenant's budget recorded by Prometheus");

            for (var cycle = 0; cycle < 2; cycle++)
            {
                await engine.StopAsync(containers[0], timeoutSeconds: 1);
                await Task.Delay(Down);
                await engine.StartAsync(containers[0]);
                await Task.Delay(Up);
            }

            // The 30-day budget is recorded every 5 s (a tile's samples and the budget in one evaluation): read status.json
            // just after an evaluation, so neither side holds seconds the other has not counted yet.
            await NextBudgetEvaluationAsync(Failing);
            var file = await StatusJsonAsync(server, Failing);
            var promql = await PromQlAsync(Failing);
            var page = await PageAsync(server, "slo-o1");
            var tolerance = SamplingSeconds / watched.Elapsed.TotalSeconds / (1 - Objective / 100);
            output.WriteLine(FormattableString.Invariant(
                $"budget left of {Failing}: status.json {file:0.000}, PromQL {promql:0.000}, page {page:0.000} (tolerance {tolerance:0.000} over {watched.Elapsed.TotalSeconds:0} s)"));
            output.WriteLine(await SampleTimelineAsync(Failing));

            // Spent: two 20 s outages in about 110 s watched at a 50 % objective leave roughly a quarter of the budget.
            Assert.InRange(promql!.Value, -0.2, 0.75);
            Assert.InRange(file!.Value, promql.Value - tolerance, promql.Value + tolerance);
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

    /// <summary>Waits until the budget rule of <paramref name="instanceId"/> is evaluated afresh (its sample's timestamp moves on).</summary>
    private async Task NextBudgetEvaluationAsync(string instanceId)
    {
        var last = await BudgetTimestampAsync(instanceId);
        await Wait.UntilAsync(async () => await BudgetTimestampAsync(instanceId) != last, TimeSpan.FromSeconds(15),
            "a fresh evaluation of the budget rule", TimeSpan.FromMilliseconds(100));
    }

    private async Task<string?> BudgetTimestampAsync(string instanceId)
    {
        var data = await prometheus.QueryAsync($"timestamp(instance_id:supabase_slo_budget_remaining:30d{{instance_id=\"{instanceId}\"}})");
        var result = data.GetProperty("result");
        return result.GetArrayLength() == 0 ? null : result[0].GetProperty("value")[1].GetString();
    }

    /// <summary>When PromQL's "unavailable" sample of the instance changed over the last 5 minutes: for reading a failure.</summary>
    private async Task<string> SampleTimelineAsync(string instanceId)
    {
        var data = await prometheus.QueryAsync($"instance_id:supabase_slo_unavailable:sample{{instance_id=\"{instanceId}\"}}[5m]");
        var timeline = new StringBuilder($"unavailable samples of {instanceId}:");
        foreach (var series in data.GetProperty("result").EnumerateArray())
        {
            string? last = null;
            foreach (var point in series.GetProperty("values").EnumerateArray())
            {
                var value = point[1].GetString();
                if (value != last)
                {
                    var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(point[0].GetDouble() * 1000));
                    timeline.Append(CultureInfo.InvariantCulture, $" {at:HH:mm:ss.fff}={value}");
                    last = value;
                }
            }
        }

        return timeline.ToString();
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
