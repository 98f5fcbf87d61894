using System.Diagnostics;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;
using Supawatch.IntegrationTests.Stack;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Paging;

/// <summary>
/// Issue 21's proof: the whole stack run as an operator runs it — <c>supawatch stack setup --runtime native</c> with
/// real Prometheus, Alertmanager and node_exporter — on a real fleet of seven tenants in two organizations on two
/// engines (a real Docker Engine and podman), with local Slack, Discord, webhook and SMTP receivers, intervals shortened
/// only through documented variables. It counts what arrives at the receivers, as the person on call would:
/// nothing on a healthy fleet, one page and its resolved for one stopped Kong, at most one page per receiver for a
/// host outage (containers stopped, engine killed) and its recovery, never a page for a suspended tenant.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class PagingSystemTests(DockerEngineFixture engine, PodmanFixture podman, PostgresFixture masterDb, ITestOutputHelper output)
    : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Scrape = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly string[] HttpReceivers = ["slack", "discord", "webhook"];
    private readonly string _root = TempDirectory.Create("paging");
    private StackCli? _cli;

    public Task InitializeAsync()
    {
        RequiredTool.Find("prometheus", "prometheus");
        RequiredTool.Find("prometheus-alertmanager", "prometheus-alertmanager");
        RequiredTool.Find("prometheus-node-exporter", "prometheus-node-exporter");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_cli is not null)
        {
            var stop = await _cli.RunAsync("stop");
            output.WriteLine(stop.Describe());
        }

        await TempDirectory.DeleteAsync(_root);
    }

    [Fact]
    public async Task Stack_HealthyFleetThenOneKongStopped_NoPageWhileHealthyThenOnePageAndOneResolvedPerReceiver()
    {
        using var cpu = new MachineCpu();
        await using var fleet = await PagingFleet.StartAsync(engine, podman, masterDb);
        await using var receivers = await Receivers.StartAsync();
        var start = receivers.Mark();
        var cli = await StartStackAsync(fleet, receivers);
        try
        {
            await WaitFleetWatchedAsync(cli, fleet);

            // d. Stopped on purpose: the suspended tenant's containers stay stopped from here to the end.
            await PagingFleet.StopAsync([fleet.Suspended]);

            // a. Healthy for longer than any rule's for: (+ Alertmanager's group_wait and two scrapes). What goes wrong is
            // collected, not thrown, so one run also yields b's and d's evidence; it fails the test at the end.
            var problems = new List<string>();
            var hold = StackView.LongestFor(cli) + StackView.AlertmanagerTiming(cli, "group_wait") + (2 * Scrape) + TimeSpan.FromSeconds(20);
            output.WriteLine($"a. healthy fleet held for {hold} (longest for: {StackView.LongestFor(cli)})");
            var clock = Stopwatch.StartNew();
            await Task.Delay(hold);

            // HighCPUUsage is a true alarm, not a false one, when the machine running the test really was that busy
            // (a shared 2-core build box often is): allowed only then, measured independently from /proc/stat over
            // the rule's own 5-minute window, at its busiest since the fleet started.
            var busy = cpu.PeakBusyPercent(TimeSpan.FromMinutes(5));
            output.WriteLine($"a. this machine was {busy:0.#}% busy in its busiest 5 minutes (/proc/stat)");
            string[] trueAlarms = busy > 80 ? ["Watchdog", "HighCPUUsage"] : ["Watchdog"];
            var notUp = await StackView.TargetsNotUpAsync(cli);
            if (notUp.Count > 0)
            {
                problems.Add($"a. {notUp.Count} of {(await StackView.TargetsAsync(cli)).Count} targets down on a healthy fleet:\n{string.Join("\n", notUp)}");
            }

            var alerts = await StackView.AlertsAsync(cli);
            var firing = alerts.Where(a => a.State == "firing" && !trueAlarms.Contains(a.Name)).ToList();
            var slowBurn = alerts.Where(a => StackView.SlowBurnAlerts.Contains(a.Name)).ToList();
            if (slowBurn.Count > 0)
            {
                problems.Add("a. slow-burn rules pending or firing on a healthy fleet (the hold does not wait for their for:):\n" + string.Join("\n", slowBurn));
            }

            if (firing.Count > 0)
            {
                problems.Add($"a. firing on a healthy fleet (the machine was {busy:0.#}% busy):\n" + string.Join("\n", firing));
            }

            Assert.Contains(alerts, a => a is { State: "firing", Name: "Watchdog" });
            var healthy = receivers.Since(start);
            var falseAlarms = healthy.Where(n => !trueAlarms.Any(name => n.Title.Contains(name, StringComparison.Ordinal))).ToList();
            Report(new OutageFigures($"a. healthy fleet, {hold.TotalMinutes:0.#} min", Count(falseAlarms, false), Count(falseAlarms, true), null, null));
            output.WriteLine($"a. true alarms about the machine itself ({busy:0.#}% busy): {string.Join(", ", healthy.Except(falseAlarms))}");
            if (falseAlarms.Count > 0)
            {
                problems.Add($"a. {falseAlarms.Count} notification(s) on a healthy fleet (the machine was {busy:0.#}% busy):\n{string.Join("\n", falseAlarms)}\n{receivers.Dump(start)}");
            }

            await AssertShownStoppedAsync(cli, fleet.Suspended);

            // b. One tenant's Kong stopped: one page per receiver (SupabaseKongDown is critical: e-mail gets it too), then its resolved.
            var tenant = fleet.KongTenant;
            var mark = receivers.Mark();
            clock.Restart();
            await tenant.Host.Stop(tenant.Kong);
            var firstPage = await WaitForEveryAsync(
                receivers, mark, Receivers.Names, n => !n.Resolved && n.Mentions(tenant.InstanceId),
                StackView.LongestFor(cli) + TimeSpan.FromMinutes(2), clock, $"the page about {tenant.Kong} stopped");
            clock.Restart();
            await tenant.Host.Start(tenant.Kong);
            var resolved = await WaitForEveryAsync(
                receivers, mark, Receivers.Names, n => n.Resolved && n.Mentions(tenant.InstanceId),
                StackView.AlertmanagerTiming(cli, "group_interval") + TimeSpan.FromMinutes(2), clock, $"the resolved about {tenant.Kong}");
            await Task.Delay(2 * Scrape);

            var kongPhase = receivers.Since(mark).Where(n => n.Mentions(tenant.InstanceId)).ToList();
            Report(new OutageFigures($"b. Kong of {tenant.InstanceId} stopped", Count(kongPhase, false), Count(kongPhase, true), firstPage, resolved));
            output.WriteLine(string.Join("\n", receivers.Since(mark)));
            foreach (var receiver in Receivers.Names)
            {
                Assert.True(kongPhase.Count(n => n.Receiver == receiver && !n.Resolved) == 1, $"{receiver}: expected exactly one page about {tenant.InstanceId}\n{receivers.Dump(mark)}");
                Assert.True(kongPhase.Count(n => n.Receiver == receiver && n.Resolved) == 1, $"{receiver}: expected exactly one resolved about {tenant.InstanceId}\n{receivers.Dump(mark)}");
            }

            foreach (var other in fleet.Tenants.Where(t => t != tenant))
            {
                Assert.DoesNotContain(receivers.Since(mark), n => n.Mentions(other.InstanceId));
            }

            // d. Through both phases (longer than every for:), nothing about the suspended tenant; the page says stopped.
            Assert.DoesNotContain(receivers.Since(start), n => n.Mentions(fleet.Suspended.InstanceId));
            await AssertShownStoppedAsync(cli, fleet.Suspended);
            Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n--- receivers ---\n{receivers.Dump(start)}\n--- alerts ---\n{await TryAlertsAsync(cli)}", ex);
        }
    }

    [Fact]
    public async Task Stack_HostContainersStoppedThenEngineKilled_AtMostOnePagePerReceiverAndRecoveryTold()
    {
        await using var fleet = await PagingFleet.StartAsync(engine, podman, masterDb);
        await using var receivers = await Receivers.StartAsync();
        var start = receivers.Mark();
        var cli = await StartStackAsync(fleet, receivers);
        try
        {
            await WaitFleetWatchedAsync(cli, fleet);
            await WaitTargetsUpAsync(cli);
            Assert.Empty(receivers.Since(start));

            var host = fleet.Docker;
            var others = fleet.On(fleet.Podman).Select(t => t.InstanceId).ToList();

            // c1. Every container of one host stopped at once.
            await HostOutageAsync(cli, receivers, fleet, host, "c. every container on dk-east stopped",
                () => PagingFleet.StopAsync(fleet.On(host)),
                () => PagingFleet.StartAsync(fleet.On(host)),
                others);
            await WaitFleetWatchedAsync(cli, fleet);
            await WaitTargetsUpAsync(cli);

            // c2. The same host's engine killed (SIGKILL), then started again; its containers come back exited and are started.
            await HostOutageAsync(cli, receivers, fleet, host, "c. dockerd of dk-east killed",
                engine.KillEngineAsync,
                async () =>
                {
                    await engine.StartEngineAsync();
                    await PagingFleet.StartAsync(fleet.On(host));
                },
                others);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n--- receivers ---\n{receivers.Dump(start)}\n--- alerts ---\n{await TryAlertsAsync(cli)}", ex);
        }
    }

    /// <summary>
    /// Begins an outage of a host, holds it past the longest <c>for:</c> of the tenant rules (so any per-instance page
    /// that inhibition failed to stop has arrived), ends it, and checks what arrived about that host (a notification
    /// naming the host or one of its tenants): exactly one page on Slack, Discord and the webhook, on e-mail one when
    /// that page is critical and none otherwise, one resolved per page; and nothing at all naming a tenant of another
    /// host. Notifications about neither (node_exporter's HighCPUUsage on a saturated machine) are logged, not counted.
    /// </summary>
    private async Task HostOutageAsync(
        StackCli cli, Receivers receivers, PagingFleet fleet, FleetHost host, string scenario, Func<Task> begin, Func<Task> end, IReadOnlyList<string> otherHostTenants)
    {
        var mark = receivers.Mark();
        var clock = Stopwatch.StartNew();
        await begin();
        var hold = StackView.LongestFor(cli, e => e.Contains("supabase_", StringComparison.Ordinal))
            + StackView.AlertmanagerTiming(cli, "group_wait") + (2 * Scrape) + TimeSpan.FromSeconds(20);
        var hostTenants = fleet.On(host).Select(t => t.InstanceId).ToList();
        bool About(Notification n) => n.Mentions(host.Name) || hostTenants.Exists(n.Mentions);
        var firstPage = await WaitForEveryAsync(receivers, mark, HttpReceivers, n => !n.Resolved && About(n), hold + TimeSpan.FromMinutes(1), clock, scenario + ": its page");
        while (clock.Elapsed < hold)
        {
            await Task.Delay(Poll);
        }

        var pages = receivers.Since(mark).Where(n => !n.Resolved && About(n)).ToList();
        clock.Restart();
        await end();
        var paged = Receivers.Names.Where(r => pages.Any(n => n.Receiver == r)).ToArray();
        var recovery = await WaitForEveryAsync(
            receivers, mark, paged, n => n.Resolved && About(n),
            StackView.AlertmanagerTiming(cli, "group_interval") + TimeSpan.FromMinutes(2), clock, scenario + ": its recovery");
        await Task.Delay(2 * Scrape);

        var everything = receivers.Since(mark);
        var phase = everything.Where(About).ToList();
        Report(new OutageFigures(scenario, Count(phase, false), Count(phase, true), firstPage, recovery));
        output.WriteLine(string.Join("\n", everything));
        var critical = phase.Any(n => n.Receiver == "webhook" && !n.Resolved && n.Mentions("\"severity\":\"critical\""));
        foreach (var receiver in Receivers.Names)
        {
            var expected = receiver != "email" || critical ? 1 : 0;
            Assert.True(phase.Count(n => n.Receiver == receiver && !n.Resolved) == expected, $"{scenario}: {receiver} expected {expected} page(s)\n{receivers.Dump(mark)}");
            Assert.True(phase.Count(n => n.Receiver == receiver && n.Resolved) == expected, $"{scenario}: {receiver} expected {expected} resolved\n{receivers.Dump(mark)}");
        }

        foreach (var other in otherHostTenants)
        {
            Assert.DoesNotContain(everything, n => n.Mentions(other));
        }

        Assert.DoesNotContain(everything, n => n.Mentions(fleet.Suspended.InstanceId));
    }

    private async Task<StackCli> StartStackAsync(PagingFleet fleet, Receivers receivers)
    {
        var environment = new Dictionary<string, string>(receivers.Variables)
        {
            ["DOCKER_HOSTS"] = fleet.DockerHostsVariable,
            ["MASTER_DB_URL"] = masterDb.Url,
            ["SCRAPE_INTERVAL"] = $"{Scrape.TotalSeconds}",
            ["HEALTH_CHECK_INTERVAL"] = "5",
            ["DISCOVERY_INTERVAL"] = "10",
            ["SUPAWATCH_ALERT_GROUP_WAIT"] = "5",
            ["SUPAWATCH_ALERT_GROUP_INTERVAL"] = "10",
            ["SUPAWATCH_ALERT_REPEAT_INTERVAL"] = "3600",
        };
        var cli = _cli = new StackCli(_root, environment);
        var setup = await cli.SetupAsync();
        Assert.True(setup.ExitCode == 0, setup.Describe());
        return cli;
    }

    /// <summary>
    /// Waits until Supawatch lists every tenant, the status page shows every active one up and Prometheus holds every
    /// tenant's <c>supabase_instance_info</c> (it scrapes Supawatch). Whether every target is up is asserted, not waited for.
    /// </summary>
    private static async Task WaitFleetWatchedAsync(StackCli cli, PagingFleet fleet)
    {
        var running = fleet.Tenants.Where(t => t.ExpectedState == "active").ToList();
        await Wait.UntilAsync(
            async () =>
            {
                var instances = await StackView.InstancesJsonAsync(cli);
                var status = await StatusApi.GetAsync(cli.StatusUrl);
                var info = await StackView.QueryAsync(cli, "supabase_instance_info");
                return fleet.Tenants.All(t => instances.Contains($"\"{t.InstanceId}\"", StringComparison.Ordinal))
                    && running.All(t => StatusApi.StatusOf(status, t.InstanceId) == "up")
                    && fleet.Tenants.All(t => info.Contains($"\"{t.InstanceId}\"", StringComparison.Ordinal));
            },
            TimeSpan.FromMinutes(3),
            "Supawatch to list all 7 tenants and show the active ones up, and Prometheus to hold them",
            TimeSpan.FromSeconds(1));
    }

    /// <summary>Every Prometheus target up within a minute (a healthy fleet has no target down).</summary>
    private static Task WaitTargetsUpAsync(StackCli cli) =>
        Wait.UntilAsync(
            async () => (await StackView.TargetsAsync(cli)).Count > 0 && (await StackView.TargetsNotUpAsync(cli)).Count == 0,
            TimeSpan.FromMinutes(1),
            "every Prometheus target to be up",
            TimeSpan.FromSeconds(1));

    private static async Task AssertShownStoppedAsync(StackCli cli, Tenant tenant)
    {
        Assert.Equal("stopped", StatusApi.StatusOf(await StatusApi.GetAsync(cli.StatusUrl), tenant.InstanceId));
        Assert.Contains($"data-instance-id=\"{tenant.InstanceId}\" data-status=\"stopped\"", await StackView.StatusHtmlAsync(cli), StringComparison.Ordinal);
    }

    /// <summary>Waits until each of <paramref name="receivers"/> got a notification matching <paramref name="match"/>; returns when the last one did.</summary>
    private static async Task<TimeSpan> WaitForEveryAsync(
        Receivers sinks, (int, int) mark, IReadOnlyList<string> receivers, Func<Notification, bool> match, TimeSpan timeout, Stopwatch clock, string what)
    {
        var deadline = clock.Elapsed + timeout;
        while (true)
        {
            var got = sinks.Since(mark).Where(match).Select(n => n.Receiver).ToHashSet();
            if (receivers.All(got.Contains))
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what} on {string.Join(", ", receivers.Except(got))}.");
            }

            await Task.Delay(Poll);
        }
    }

    private static Dictionary<string, int> Count(IReadOnlyList<Notification> notifications, bool resolved) =>
        Receivers.Names.ToDictionary(r => r, r => notifications.Count(n => n.Receiver == r && n.Resolved == resolved));

    private void Report(OutageFigures figures) => output.WriteLine("FIGURES " + figures);

    private static async Task<string> TryAlertsAsync(StackCli cli)
    {
        try
        {
            return string.Join("\n", await StackView.AlertsAsync(cli));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return ex.Message;
        }
    }
}
