using System.Globalization;
using System.Text;
using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Slo;

namespace Supawatch.IntegrationTests.Slo;

/// <summary>
/// The burn-rate alerts under the real <c>promtool test rules</c>, on freshly rendered rules. Every time and threshold
/// in the generated tests is derived here from the SRE workbook's table ("Alerting on SLOs": 2 % of the budget in 1 h
/// confirmed over 5 min pages, 5 % in 6 h over 30 min pages, 10 % in 3 d over 6 h opens a ticket, of a 30-day budget),
/// never copied from the rules. Annotations are left out of these runs (they are Go templates over live values);
/// the alerts' labels — organization, instance, host, objective, severity — are compared in full.
/// </summary>
public sealed class SloRuleTests
{
    private static readonly TimeSpan Period = TimeSpan.FromDays(30);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    /// <summary>The workbook's table: alert, share of the period's budget spent, long window, short window, severity.</summary>
    private static readonly (string Alert, double Spent, TimeSpan Long, TimeSpan Short, string Severity)[] Workbook =
    [
        (SloPolicy.FastBurn, 0.02, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), "critical"),
        (SloPolicy.SlowBurn, 0.05, TimeSpan.FromHours(6), TimeSpan.FromMinutes(30), "critical"),
        (SloPolicy.Leak, 0.10, TimeSpan.FromDays(3), TimeSpan.FromHours(6), "warning"),
    ];

    private static double BurnRate(int row) => Workbook[row].Spent * (Period / Workbook[row].Long);

    /// <summary>Time to spend the row's share of the budget at <paramref name="errorRate"/>: long window × burn rate × budget / error rate.</summary>
    private static TimeSpan Detection(int row, double objectivePercent, double errorRate) =>
        Workbook[row].Long * (BurnRate(row) * (1 - objectivePercent / 100) / errorRate);

    [Fact]
    public void SloPolicy_Alerts_AreTheWorkbookTable()
    {
        Assert.Equal(Workbook.Length, SloPolicy.Alerts.Count);
        for (var row = 0; row < Workbook.Length; row++)
        {
            var alert = SloPolicy.Alerts[row];
            Assert.Equal((Workbook[row].Alert, Workbook[row].Long, Workbook[row].Short, Workbook[row].Severity), (alert.Name, alert.LongWindow, alert.ShortWindow, alert.Severity));
            Assert.Equal(BurnRate(row), alert.BurnRate, 6);
        }

        // The workbook's own numbers, as a reader checks them: 14.4x, 6x, 1x; a total outage of a 99.9 % tenant pages in 52 s.
        Assert.Equal([14.4, 6, 1], Enumerable.Range(0, 3).Select(r => Math.Round(BurnRate(r), 6)));
        Assert.Equal(51.84, Detection(0, 99.9, 1).TotalSeconds, 6);
    }

    [Fact]
    public async Task PromtoolTestRules_TotalOutage_PagesWithinTheDetectionTimeAndResolves()
    {
        // Six hours of health fill the slow page's long window, then an hour of total outage, then recovery.
        var t0 = (int)TimeSpan.FromHours(6).TotalMinutes + 5;
        var t1 = t0 + 60;
        var end = t1 + 40;
        var down = Minutes(end, m => m >= t0 && m < t1);
        var tenants = new List<SloTenant>
        {
            new SloTenant("p999", "h1", 99.9, down),
            new SloTenant("p995", "h2", 99.5, down),
            // Stopped on purpose (suspended) from before the outage until after it: spends no budget, never pages.
            new SloTenant("s", "h3", 99.9, down, Minutes(end, m => m < t0 - 5 || m >= t1 + 5)),
            // Both instances of host h4: a host outage, which pages once (SupabaseHostOutage); their SLO pages stand aside.
            new SloTenant("ha", "h4", 99.9, down),
            new SloTenant("hb", "h4", 99.9, down),
            new SloTenant("ok", "h5", 99.9, Minutes(end, _ => false)),
        };

        var checks = new List<(int Minute, string Alert, string[] Firing)>();
        foreach (var row in new[] { 0, 1 })
        {
            var firesAt = tenants.Where(t => t.Id.StartsWith('p')).ToDictionary(t => t.Id, t => t0 + (int)Math.Floor(Detection(row, t.Objective, 1) / Step));
            string[] FiringAt(int minute) => [.. firesAt.Where(f => f.Value <= minute && minute < t1).Select(f => f.Key).Order(StringComparer.Ordinal)];
            foreach (var (id, at) in firesAt)
            {
                // Fires at the last evaluation within the workbook's detection time, and not one evaluation before.
                checks.Add((at, Workbook[row].Alert, FiringAt(at)));
                checks.Add((Math.Max(at - 1, t0 - 1), Workbook[row].Alert, FiringAt(Math.Max(at - 1, t0 - 1))));
                Assert.True(at - t0 <= Detection(row, tenants.Single(t => t.Id == id).Objective, 1).TotalMinutes);
            }

            // Still firing at the end of the outage and just after it (the host outage's tenants stay silent throughout).
            checks.Add((t1 - 1, Workbook[row].Alert, FiringAt(t1 - 1)));
            checks.Add((t1 + 1, Workbook[row].Alert, ["p995", "p999"]));
            // Resolved once the short window holds no bad minute.
            checks.Add((t1 + (int)Workbook[row].Short.TotalMinutes + 1, Workbook[row].Alert, []));
        }

        var expressions = new List<(int Minute, string Expr, string Labels, double Value)>
        {
            // The stopped tenant's hour of outage is no part of its ratios: its error ratio over the hour that holds it is 0,
            (t1 + 10, $"{SloRules.ErrorRatio(TimeSpan.FromHours(1))}{{instance_id=\"s\"}}", $"{SloRules.ErrorRatio(TimeSpan.FromHours(1))}{{instance_id=\"s\"}}", 0),
            // and its 30-day budget is whole, while p999 spent all of its own (60 min down > 43.2 min of budget).
            (end, $"{SloRules.BudgetRemaining}{{instance_id=\"s\"}} == bool 1", "{instance_id=\"s\"}", 1),
            (end, $"{SloRules.BudgetRemaining}{{instance_id=\"p999\"}} < bool 0", "{instance_id=\"p999\"}", 1),
        };

        await RunAsync("slo_outage.yml", tenants, end, checks, expressions);
    }

    [Fact]
    public async Task PromtoolTestRules_SlowLeak_OpensATicketAndDoesNotPage()
    {
        // A 99.5 % tenant, healthy for three days (the ticket's long window), then down one minute in every P: an error
        // rate of twice its budget (1/P = 2 × 0.5 %), which spends 10 % of the 30-day budget in 3 days after 36 h.
        const double objective = 99.5;
        const double errorRate = 2 * (1 - objective / 100);
        var period = (int)Math.Round(1 / errorRate);
        var detection = (int)Detection(2, objective, errorRate).TotalMinutes;
        var tile = (int)SloRules.TileInterval.TotalMinutes;
        var t0 = (int)Workbook[2].Long.TotalMinutes;
        var t2 = t0 + detection + 2 * period + 60;
        var shortWindow = (int)Workbook[2].Short.TotalMinutes;
        var end = t2 + shortWindow + 2;
        var tenants = new List<SloTenant>
        {
            new SloTenant("l", "h1", objective, Minutes(end, m => m >= t0 && m < t2 && (m - t0) % period == period - 1)),
            new SloTenant("ok", "h2", objective, Minutes(end, _ => false)),
        };

        var checks = new List<(int Minute, string Alert, string[] Firing)>
        {
            // Not before the budget share is spent (less one leak period for where the bad minutes fall),
            (t0 + detection - period - 1, SloPolicy.Leak, []),
            // and open once it is (plus one period, and two 5-minute tiles of the 3-day sum).
            (t0 + detection + period + 2 * tile, SloPolicy.Leak, ["l"]),
            (t2 - 1, SloPolicy.Leak, ["l"]),
            // Resolved once the short window holds no bad minute.
            (t2 + shortWindow + 1, SloPolicy.Leak, []),
        };

        // The leak never pages: checked every 3 hours of it.
        for (var minute = t0; minute < t2; minute += 180)
        {
            checks.Add((minute, SloPolicy.FastBurn, []));
            checks.Add((minute, SloPolicy.SlowBurn, []));
        }

        await RunAsync("slo_leak.yml", tenants, end, checks, []);
    }

    private static bool[] Minutes(int count, Func<int, bool> predicate) => [.. Enumerable.Range(0, count + 1).Select(predicate)];

    private static async Task RunAsync(
        string name,
        IReadOnlyList<SloTenant> tenants,
        int end,
        IReadOnlyList<(int Minute, string Alert, string[] Firing)> checks,
        IReadOnlyList<(int Minute, string Expr, string Labels, double Value)> expressions)
    {
        var promtool = RequiredTool.Find("promtool", "prometheus");
        var root = TempDirectory.Create("slorules");
        try
        {
            var alerts = Directory.CreateDirectory(Path.Combine(root, "alerts")).FullName;
            var rules = AlertRules.Build(new AlertingOptions { SloAlerts = true });
            var names = SloPolicy.Alerts.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
            var bare = new RuleFile([.. rules.Groups.Select(g => g with
            {
                Rules = [.. g.Rules.Select(r => names.Contains(r.Alert) ? r with { Annotations = new Dictionary<string, string>() } : r)],
            })]);
            await File.WriteAllTextAsync(Path.Combine(alerts, AlertRules.FileName), AlertRules.Render(bare));
            var test = Path.Combine(alerts, name);
            await File.WriteAllTextAsync(test, TestFile(tenants, end, checks, expressions));

            var result = await ProcessRunner.TryRunAsync(promtool, ["test", "rules", test], TimeSpan.FromMinutes(5));

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains("SUCCESS", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await TempDirectory.DeleteAsync(root);
        }
    }

    private static string TestFile(
        IReadOnlyList<SloTenant> tenants,
        int end,
        IReadOnlyList<(int Minute, string Alert, string[] Firing)> checks,
        IReadOnlyList<(int Minute, string Expr, string Labels, double Value)> expressions)
    {
        var yaml = new StringBuilder();
        yaml.Append("rule_files: [").Append(AlertRules.FileName).Append("]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n");
        void Series(string series, IEnumerable<double> values) =>
            yaml.Append("      - series: '").Append(series).Append("'\n        values: '").Append(Compact(values)).Append("'\n");

        foreach (var t in tenants)
        {
            var always = Enumerable.Repeat(1.0, end + 1).ToList();
            var org = "o_" + t.Id;
            Series($"supabase_instance_info{{instance_id=\"{t.Id}\",host=\"{t.Host}\",org_id=\"{org}\",org_name=\"Org {t.Id}\",project_name=\"P {t.Id}\",expected_state=\"active\"}}", always);
            Series($"supabase_instance_expected_up{{instance_id=\"{t.Id}\",host=\"{t.Host}\"}}", t.ExpectedUp.Select(v => v ? 1.0 : 0));
            Series($"supabase_slo_objective{{instance_id=\"{t.Id}\",org_id=\"{org}\",slo_class=\"\",objective=\"{Percent(t.Objective)}\",objective_source=\"default\"}}",
                Enumerable.Repeat(t.Objective / 100, end + 1));
            Series($"supabase_docker_container_status{{container_name=\"{t.Id}_kong\",instance_id=\"{t.Id}\",component=\"kong\",state=\"running\",host=\"{t.Host}\"}}", always);
            Series($"supabase_health_check_up{{instance_id=\"{t.Id}\",component=\"kong\",check=\"http\",host=\"{t.Host}\"}}", t.Down.Select(d => d ? 0.0 : 1));
        }

        yaml.Append("    alert_rule_test:\n");
        foreach (var (minute, alert, firing) in checks.Distinct().OrderBy(c => c.Minute).ThenBy(c => c.Alert, StringComparer.Ordinal))
        {
            yaml.Append("      - eval_time: ").Append(minute.ToString(CultureInfo.InvariantCulture)).Append("m\n        alertname: ").Append(alert).Append('\n');
            if (firing.Length == 0)
            {
                yaml.Append("        exp_alerts: []\n");
                continue;
            }

            yaml.Append("        exp_alerts:\n");
            var severity = Workbook.Single(w => w.Alert == alert).Severity;
            foreach (var id in firing)
            {
                var t = tenants.Single(x => x.Id == id);
                yaml.Append(CultureInfo.InvariantCulture,
                    $"          - exp_labels: {{severity: {severity}, instance_id: {t.Id}, host: {t.Host}, org_id: o_{t.Id}, org_name: Org {t.Id}, project_name: P {t.Id}, objective: \"{Percent(t.Objective)}\"}}\n");
            }
        }

        if (expressions.Count > 0)
        {
            yaml.Append("    promql_expr_test:\n");
            foreach (var (minute, expr, labels, value) in expressions)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      - expr: '{expr}'\n        eval_time: {minute}m\n        exp_samples:\n          - labels: '{labels}'\n            value: {value}\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary>promtool's expanding notation: runs of one value as <c>vxN</c>.</summary>
    private static string Compact(IEnumerable<double> values)
    {
        var parts = new List<string>();
        double? current = null;
        var run = 0;
        foreach (var value in values)
        {
            if (current == value)
            {
                run++;
                continue;
            }

            Flush();
            (current, run) = (value, 1);
        }

        Flush();
        return string.Join(' ', parts);

        void Flush()
        {
            if (current is { } v)
            {
                var text = v.ToString("R", CultureInfo.InvariantCulture);
                parts.Add(run == 1 ? text : $"{text}x{run - 1}");
            }
        }
    }

    private static string Percent(double objective) => objective.ToString("0.####", CultureInfo.InvariantCulture);
}
