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

    /// <summary>
    /// How long a burn-rate alert waits before it pages: the longest <c>for</c> of the tenant's down alerts, plus one
    /// sample — a sustained outage is the down alert's page, and the burn rate stands aside once it fires.
    /// </summary>
    private static readonly TimeSpan BurnFor = AlertRules.All(AlertRules.Build(new AlertingOptions()))
        .Where(r => r.Alert is AlertNames.InstanceDown or AlertNames.KongDown).Max(r => r.For!.Value) + Step;

    private static readonly TimeSpan KongFor = AlertRules.All(AlertRules.Build(new AlertingOptions())).Single(r => r.Alert == AlertNames.KongDown).For!.Value;

    [Fact]
    public void BurnRateAlerts_AreOnByDefault_AndWaitForTheDownAlerts()
    {
        var rules = AlertRules.All(AlertRules.Build(new AlertingOptions())).Where(r => r.Alert.StartsWith("SupabaseErrorBudget", StringComparison.Ordinal)).ToList();

        Assert.Equal(Workbook.Select(w => w.Alert), rules.Select(r => r.Alert));
        Assert.All(rules, r => Assert.Equal(BurnFor, r.For));
        Assert.DoesNotContain(AlertRules.All(AlertRules.Build(new AlertingOptions { SloAlerts = false })), r => r.Alert.StartsWith("SupabaseErrorBudget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PromtoolTestRules_TotalOutage_BurnsAtTheWorkbookRateButTheDownAlertPagesAlone()
    {
        // Six hours of health fill the slow page's long window, then an hour of total outage (Kong down), then recovery.
        var t0 = (int)TimeSpan.FromHours(6).TotalMinutes + 5;
        var t1 = t0 + 60;
        var end = t1 + (int)Workbook[1].Short.TotalMinutes + 10;
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
            // In a maintenance window from before the outage until after it: its Kong-down alert fires (Alertmanager's
            // silence is what keeps it quiet), but it spends no budget and no burn rate pages.
            new SloTenant("m", "h6", 99.9, down) { Maintenance = Minutes(end, m => m >= t0 - 5 && m < t1 + 5) },
        };

        // One page per tenant: SupabaseKongDown, once its for: has passed, until recovery.
        var kongFires = t0 + (int)(KongFor / Step);
        var checks = new List<(int Minute, string Alert, string[] Firing)>
        {
            (kongFires - 1, AlertNames.KongDown, []),
            (kongFires, AlertNames.KongDown, ["m", "p995", "p999"]),
            (t1 - 1, AlertNames.KongDown, ["m", "p995", "p999"]),
            (t1 + 1, AlertNames.KongDown, []),
        };

        // No burn-rate page at any minute, during the outage or after it while its short window still holds it.
        for (var minute = t0 - 1; minute <= end; minute++)
        {
            checks.AddRange(Workbook.Select(w => (minute, w.Alert, Array.Empty<string>())));
        }

        // The budget does burn at the workbook's rate: each burn rate crosses its threshold at the last evaluation within
        // the detection time, and not one evaluation before (what the alert would page on, were the outage not paged already).
        var expressions = new List<(int Minute, string Expr, string Labels, double Value)>();
        foreach (var row in new[] { 0, 1 })
        {
            foreach (var t in tenants.Where(t => t.Id.StartsWith('p')))
            {
                var at = t0 + (int)Math.Floor(Detection(row, t.Objective, 1) / Step);
                foreach (var window in new[] { Workbook[row].Long, Workbook[row].Short })
                {
                    var expr = $"{SloRules.BurnRate(window)}{{instance_id=\"{t.Id}\"}} > bool {BurnRate(row).ToString("0.######", CultureInfo.InvariantCulture)}";
                    expressions.Add((at, expr, $"{{instance_id=\"{t.Id}\"}}", 1));
                }

                expressions.Add((at - 1, $"{SloRules.BurnRate(Workbook[row].Long)}{{instance_id=\"{t.Id}\"}} > bool {BurnRate(row).ToString("0.######", CultureInfo.InvariantCulture)}", $"{{instance_id=\"{t.Id}\"}}", 0));
            }
        }

        // The stopped tenant's hour of outage is no part of its ratios: its error ratio over the hour that holds it is 0,
        expressions.Add((t1 + 10, $"{SloRules.ErrorRatio(TimeSpan.FromHours(1))}{{instance_id=\"s\"}}", $"{SloRules.ErrorRatio(TimeSpan.FromHours(1))}{{instance_id=\"s\"}}", 0));
        // and its 30-day budget is whole, while p999 spent all of its own (60 min down > 43.2 min of budget).
        expressions.Add((end, $"{SloRules.BudgetRemaining}{{instance_id=\"s\"}} == bool 1", "{instance_id=\"s\"}", 1));
        expressions.Add((end, $"{SloRules.BudgetRemaining}{{instance_id=\"p999\"}} < bool 0", "{instance_id=\"p999\"}", 1));
        // The maintenance window likewise: no part of the ratios, the budget whole.
        expressions.Add((t1 + 10, $"{SloRules.ErrorRatio(TimeSpan.FromHours(1))}{{instance_id=\"m\"}}", $"{SloRules.ErrorRatio(TimeSpan.FromHours(1))}{{instance_id=\"m\"}}", 0));
        expressions.Add((end, $"{SloRules.BudgetRemaining}{{instance_id=\"m\"}} == bool 1", "{instance_id=\"m\"}", 1));

        await RunAsync("slo_outage.yml", tenants, end, checks, expressions);
    }

    [Fact]
    public async Task PromtoolTestRules_IntermittentFailures_PageOnceThroughTheFastBurn()
    {
        // Six hours of health cover the pages' long windows; then Kong fails one minute in every three for 90 minutes:
        // never long enough for SupabaseKongDown (for: 2m), a third of the time unavailable — the budget's real enemy.
        const int every = 3;
        var t0 = (int)TimeSpan.FromHours(6).TotalMinutes + 5;
        var t1 = t0 + 90;
        var end = t1 + (int)Workbook[1].Short.TotalMinutes + 10;
        var flapping = Minutes(end, m => m >= t0 && m < t1 && (m - t0) % every == 0);
        var lastBad = Enumerable.Range(0, end + 1).Last(m => flapping[m]);
        var tenants = new List<SloTenant>
        {
            new SloTenant("f999", "h1", 99.9, flapping),
            new SloTenant("f995", "h2", 99.5, flapping),
            new SloTenant("ok", "h3", 99.9, Minutes(end, _ => false)),
        };

        // FastBurn: the long window's ratio passes 14.4 × budget at the n-th bad minute (n = the bad minutes the threshold
        // allows in an hour, plus one); the short window holds a bad minute throughout; it fires for: later.
        var fires = tenants.Where(t => t.Id.StartsWith('f')).ToDictionary(t => t.Id, t =>
        {
            var allowed = (int)Math.Floor(BurnRate(0) * (1 - t.Objective / 100) * Workbook[0].Long.TotalMinutes + 1e-9);
            return t0 + (every * allowed) + (int)(BurnFor / Step);
        });
        string[] FiringAt(int minute) => [.. fires.Where(f => f.Value <= minute && minute <= lastBad + (int)Workbook[0].Short.TotalMinutes).Select(f => f.Key).Order(StringComparer.Ordinal)];

        var checks = new List<(int Minute, string Alert, string[] Firing)>();
        foreach (var at in fires.Values)
        {
            checks.Add((at - 1, SloPolicy.FastBurn, FiringAt(at - 1)));
            checks.Add((at, SloPolicy.FastBurn, FiringAt(at)));
        }

        checks.Add((t1 - 1, SloPolicy.FastBurn, ["f995", "f999"]));
        // Resolved once the short window holds no bad minute (Prometheus 2's ranges include their start: one more minute).
        checks.Add((lastBad + (int)Workbook[0].Short.TotalMinutes, SloPolicy.FastBurn, ["f995", "f999"]));
        checks.Add((lastBad + (int)Workbook[0].Short.TotalMinutes + 1, SloPolicy.FastBurn, []));

        // One page: the slow burn (whose threshold is passed too) stands aside while the fast one fires and for its short
        // window after; the down alert never fires; the ticket's 3-day window is not covered.
        for (var minute = t0; minute <= end; minute++)
        {
            checks.Add((minute, SloPolicy.SlowBurn, []));
            checks.Add((minute, SloPolicy.Leak, []));
            checks.Add((minute, AlertNames.KongDown, []));
        }

        var expressions = new List<(int Minute, string Expr, string Labels, double Value)>();
        foreach (var t in tenants.Where(t => t.Id.StartsWith('f')))
        {
            var rate = BurnRate(1).ToString("0.######", CultureInfo.InvariantCulture);
            expressions.Add((t1 - 1, $"{SloRules.BurnRate(Workbook[1].Long)}{{instance_id=\"{t.Id}\"}} > bool {rate}", $"{{instance_id=\"{t.Id}\"}}", 1));
            expressions.Add((t1 - 1, $"{SloRules.BurnRate(Workbook[1].Short)}{{instance_id=\"{t.Id}\"}} > bool {rate}", $"{{instance_id=\"{t.Id}\"}}", 1));
        }

        await RunAsync("slo_intermittent.yml", tenants, end, checks, expressions);
    }

    [Fact]
    public async Task PromtoolTestRules_FreshStack_NoPageUntilTheLongWindowHoldsData()
    {
        // A stack started at minute 0. At minute 10 one tenant's Kong stops until its down alert pages (for: + 1 minute):
        // the run the paging system test makes, which paged four times while the windows held minutes of data. Another
        // tenant fails one minute in three from minute 10: real burn, but the hour is not covered until minute 60.
        const int every = 3;
        const int t0 = 10;
        var outage = (int)(KongFor / Step) + 1;
        var longWindow = (int)Workbook[0].Long.TotalMinutes;
        var end = 2 * longWindow;
        var tenants = new List<SloTenant>
        {
            new SloTenant("y999", "h1", 99.9, Minutes(end, m => m >= t0 && m < t0 + outage)),
            new SloTenant("z999", "h2", 99.9, Minutes(end, m => m >= t0 && (m - t0) % every == 0)),
        };

        var kongFires = t0 + (int)(KongFor / Step);
        var fastFires = longWindow + (int)(BurnFor / Step);
        var checks = new List<(int Minute, string Alert, string[] Firing)>
        {
            (kongFires, AlertNames.KongDown, ["y999"]),
            (fastFires - 1, SloPolicy.FastBurn, []),
            (fastFires, SloPolicy.FastBurn, ["z999"]),
            (end, SloPolicy.FastBurn, ["z999"]),
        };

        for (var minute = 0; minute < fastFires; minute++)
        {
            checks.AddRange(Workbook.Select(w => (minute, w.Alert, Array.Empty<string>())));
        }

        for (var minute = fastFires; minute <= end; minute++)
        {
            checks.Add((minute, SloPolicy.SlowBurn, []));
            checks.Add((minute, SloPolicy.Leak, []));
        }

        // What the alerts would have read without the guard: the young hour's burn far above 14.4 for both.
        var expressions = new List<(int Minute, string Expr, string Labels, double Value)>
        {
            (t0 + outage, $"{SloRules.BurnRate(Workbook[0].Long)}{{instance_id=\"y999\"}} > bool 14.4", "{instance_id=\"y999\"}", 1),
            (t0 + outage, $"{SloRules.BurnRate(Workbook[0].Short)}{{instance_id=\"y999\"}} > bool 14.4", "{instance_id=\"y999\"}", 1),
            (t0 + 30, $"{SloRules.BurnRate(Workbook[0].Long)}{{instance_id=\"z999\"}} > bool 14.4", "{instance_id=\"z999\"}", 1),
        };

        await RunAsync("slo_fresh.yml", tenants, end, checks, expressions);
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
            // and open once it is (plus one period, two 5-minute tiles of the 3-day sum and the alert's for:).
            (t0 + detection + period + (2 * tile) + (int)(BurnFor / Step), SloPolicy.Leak, ["l"]),
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

    [Fact]
    public async Task PromtoolTestRules_KongFiveHundreds_SpendBudgetAndPageAtTheWorkbookRate_NoTrafficSpendsNothing()
    {
        // Six hours of health cover the pages' long windows. Then, for an hour, half of the requests through the Kong of
        // k3 (Kong 3.x names) and k2 (2.x names) are answered 5xx while every check passes; idle's Kong serves no request.
        const double objective = 99.5;
        const double errorShare = 0.5;
        const double perMinute = 600;
        var t0 = (int)TimeSpan.FromHours(6).TotalMinutes + 5;
        var t1 = t0 + 60;
        var end = t1 + (int)Workbook[1].Short.TotalMinutes + 15;
        // Counters: perMinute requests a minute (10 a second, above the 0.1 a second below which a ratio says nothing).
        double[] Counter(Func<int, double> perMinuteAt) => [.. Enumerable.Range(0, end + 1).Select(m => Enumerable.Range(1, m).Sum(perMinuteAt))];
        var ok = Counter(m => m > t0 && m <= t1 ? perMinute * (1 - errorShare) : perMinute);
        var errors = Counter(m => m > t0 && m <= t1 ? perMinute * errorShare : 0);
        var healthy = Minutes(end, _ => false);
        var tenants = new List<SloTenant>
        {
            new SloTenant("k3", "h1", objective, healthy) { Kong = (ok, errors, 3) },
            new SloTenant("k2", "h2", objective, healthy) { Kong = (ok, errors, 2) },
            new SloTenant("idle", "h3", objective, healthy) { Kong = (Counter(_ => 0), Counter(_ => 0), 3) },
        };

        // The 5xx share enters the samples through Kong's 5-minute request rates (recorded in supabase-api): it reaches
        // the full share within Smoothing of the burst's start, and may be read one evaluation late (Lag). The fast burn
        // needs the hour's samples to hold 14.4 × budget × 60 minutes of error, and no sample exceeds the share: it
        // cannot hold before ceil(detection) bad minutes, and surely holds Smoothing + Lag later; it fires for: after.
        const int smoothing = 5;
        const int lag = 1;
        var burnFor = (int)(BurnFor / Step);
        var detection = (int)Math.Ceiling(Detection(0, objective, errorShare).TotalMinutes);
        string[] kong = ["k2", "k3"];
        var checks = new List<(int Minute, string Alert, string[] Firing)>
        {
            (t0 + detection + burnFor - 1, SloPolicy.FastBurn, []),
            (t0 + smoothing + lag + detection + burnFor, SloPolicy.FastBurn, kong),
            (t1 - 1, SloPolicy.FastBurn, kong),
            // Resolved once the short window holds no error: the rate forgets the burst Smoothing after it, a Lag, the short window.
            (t1 + smoothing + lag + (int)Workbook[0].Short.TotalMinutes + 1, SloPolicy.FastBurn, []),
        };

        // One page: the slow burn stands aside for the fast; no down alert fires; idle never pages.
        for (var minute = t0; minute <= end; minute++)
        {
            checks.Add((minute, SloPolicy.SlowBurn, []));
            checks.Add((minute, SloPolicy.Leak, []));
            checks.Add((minute, AlertNames.KongDown, []));
        }

        for (var minute = t0; minute < t0 + detection + burnFor; minute++)
        {
            checks.Add((minute, SloPolicy.FastBurn, []));
        }

        var hour = SloRules.ErrorRatio(TimeSpan.FromHours(1));
        var expressions = new List<(int Minute, string Expr, string Labels, double Value)>
        {
            // By the burst's last minute the hour (61 samples) holds at least 60 − Smoothing − Lag − 1 = 53 at the share: ≥ 0.43,
            (t1 - 1, $"{hour}{{instance_id=\"k3\"}} > bool 0.4", "{instance_id=\"k3\"}", 1),
            (t1 - 1, $"{hour}{{instance_id=\"k2\"}} > bool 0.4", "{instance_id=\"k2\"}", 1),
            // and never more than the share.
            (t1 - 1, $"{hour}{{instance_id=\"k3\"}} <= bool {errorShare.ToString(CultureInfo.InvariantCulture)}", "{instance_id=\"k3\"}", 1),
            // No traffic: no error, the budget whole.
            (t1, $"{hour}{{instance_id=\"idle\"}}", $"{hour}{{instance_id=\"idle\"}}", 0),
            (end, $"{SloRules.BudgetRemaining}{{instance_id=\"idle\"}} == bool 1", "{instance_id=\"idle\"}", 1),
        };

        await RunAsync("slo_kong.yml", tenants, end, checks, expressions);
    }

    [Fact]
    public async Task PromtoolTestRules_ApiChecks_IntermittentFailurePagesThroughTheFastBurn_SustainedOneIsTheApiAlertsAndSpendsBudget()
    {
        // Six hours of health; then api's auth service fails its API check one minute in three for 90 minutes (too short
        // for SupabaseApiServiceDown's for:), and held's fails it for an hour (SupabaseApiServiceDown's to report).
        const double objective = 99.5;
        const int every = 3;
        var t0 = (int)TimeSpan.FromHours(6).TotalMinutes + 5;
        var t1 = t0 + 60;
        var end = t0 + 90 + 15;
        var healthy = Minutes(end, _ => false);
        var tenants = new List<SloTenant>
        {
            new SloTenant("api", "h1", objective, healthy) { ApiDown = Minutes(end, m => m >= t0 && m < t0 + 90 && (m - t0) % every == 0) },
            new SloTenant("held", "h2", 99.9, healthy) { ApiDown = Minutes(end, m => m >= t0 && m < t1) },
        };

        // As Kong failing one minute in three (PromtoolTestRules_IntermittentFailures_PageOnceThroughTheFastBurn).
        var allowed = (int)Math.Floor(BurnRate(0) * (1 - objective / 100) * Workbook[0].Long.TotalMinutes + 1e-9);
        var fires = t0 + (every * allowed) + (int)(BurnFor / Step);
        var checks = new List<(int Minute, string Alert, string[] Firing)>
        {
            (fires - 1, SloPolicy.FastBurn, []),
            (fires, SloPolicy.FastBurn, ["api"]),
            (t0 + 89, SloPolicy.FastBurn, ["api"]),
        };

        // held pages nothing through its budget (its warning is SupabaseApiServiceDown's), api nothing but the fast burn.
        for (var minute = t0; minute <= end; minute++)
        {
            checks.Add((minute, SloPolicy.SlowBurn, []));
            checks.Add((minute, SloPolicy.Leak, []));
            if (minute < fires)
            {
                checks.Add((minute, SloPolicy.FastBurn, []));
            }
        }

        var expressions = new List<(int Minute, string Expr, string Labels, double Value)>
        {
            // held: an hour of a failing service spent more than a 99.9 % tenant's month (43.2 minutes), though nothing paged.
            (end, $"{SloRules.BudgetRemaining}{{instance_id=\"held\"}} < bool 0", "{instance_id=\"held\"}", 1),
            (t1, $"{SloRules.ErrorRatio(TimeSpan.FromHours(1))}{{instance_id=\"held\"}} > bool 0.95", "{instance_id=\"held\"}", 1),
        };

        await RunAsync("slo_api.yml", tenants, end, checks, expressions);
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
            var rules = AlertRules.Build(new AlertingOptions());
            var names = AlertRules.All(rules).Select(a => a.Alert).ToHashSet(StringComparer.Ordinal);
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
            if (t.Maintenance is { } maintenance)
            {
                Series($"supabase_instance_health_status{{instance_id=\"{t.Id}\",project_name=\"P {t.Id}\",host=\"{t.Host}\"}}", maintenance.Select(v => v ? 5.0 : 1));
            }

            if (t.ApiDown is { } apiDown)
            {
                Series($"supabase_health_check_up{{instance_id=\"{t.Id}\",component=\"auth\",check=\"api\",host=\"{t.Host}\"}}", apiDown.Select(d => d ? 0.0 : 1));
            }

            if (t.Kong is { } kong)
            {
                // Kong 3.x: kong_http_requests_total{service, route, code}; 2.x: kong_http_status{service, route, code}.
                var name = kong.Version == 3 ? "kong_http_requests_total" : "kong_http_status";
                Series($"{name}{{instance_id=\"{t.Id}\",service=\"rest\",route=\"rest-v1\",code=\"200\"}}", kong.Ok);
                Series($"{name}{{instance_id=\"{t.Id}\",service=\"rest\",route=\"rest-v1\",code=\"500\"}}", kong.Errors);
            }
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
            // The burn-rate alerts carry the objective; the down alert of these tests (SupabaseKongDown, critical) its component.
            var row = Workbook.SingleOrDefault(w => w.Alert == alert);
            foreach (var id in firing)
            {
                var t = tenants.Single(x => x.Id == id);
                var objective = row.Alert is null ? ", component: kong" : $", objective: \"{Percent(t.Objective)}\"";
                yaml.Append(CultureInfo.InvariantCulture,
                    $"          - exp_labels: {{severity: {row.Severity ?? "critical"}, instance_id: {t.Id}, host: {t.Host}, org_id: o_{t.Id}, org_name: Org {t.Id}, project_name: P {t.Id}{objective}}}\n");
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
