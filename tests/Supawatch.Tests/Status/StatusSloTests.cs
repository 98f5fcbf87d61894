using System.Collections.Immutable;
using Supawatch.Health;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Slo;
using Supawatch.Status;

namespace Supawatch.Tests.Status;

/// <summary>The error budget in status.json and on the pages: the rules' arithmetic over the history's checks, shown to the public only when the operator says.</summary>
public sealed class StatusSloTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_FromHistoryCounts_BudgetIsOneMinusErrorRatioOverBudget_StoppedAndUnknownNotCounted()
    {
        // 30 days: 9,990 good (9,000 up + 990 degraded), 5 down, and 400 stopped or in maintenance and 100 unknown that count in neither.
        // The budget reads the error-budget counters (raw checks), not the confirmed statuses: 7 bad of 9,995 counted (two
        // failing rounds before the outage was confirmed).
        var month = new UptimeCounts(9_000, 990, 5, 400, 100, 0, 0) { SloBad = 7, SloCounted = 9_995 };
        var day = new UptimeCounts(2_870, 0, 5, 0, 0, 0, 0) { SloBad = 7, SloCounted = 2_875 };
        var document = StatusDocumentBuilder.Build(Snapshot(month, day), Now, new SloOptions { Organizations = { ["org1"] = 99.5 } });

        var organization = Assert.Single(document.Organizations);
        var instance = Assert.Single(organization.Instances);
        var slo = Assert.IsType<StatusSlo>(instance.Slo);
        Assert.Equal(99.5, slo.Objective);
        Assert.Equal("organization", slo.ObjectiveSource);
        // error ratio 7 / 9,995; budget 0.005: burn 0.14007…, budget left 0.85993
        Assert.Equal(7.0 / 9_995 / 0.005, slo.BurnRate30d!.Value, 6);
        Assert.Equal(1 - (7.0 / 9_995 / 0.005), slo.BudgetLeft!.Value, 6);
        Assert.Equal(100 * (1 - (7.0 / 9_995)), slo.Availability30d!.Value, 6);
        Assert.Equal(7.0 / 2_875 / 0.005, slo.BurnRate24h!.Value, 6);
        Assert.Equal(0, slo.Exhausted);
        Assert.Equal(slo.BudgetLeft, organization.Slo!.BudgetLeft);
    }

    [Fact]
    public void Build_TwoInstances_OrganizationShowsTheWorstAndCountsTheExhausted()
    {
        var health = Snapshot(new UptimeCounts(1_000, 0, 0, 0, 0, 0, 0) { SloCounted = 1_000 }, UptimeCounts.Zero);
        var second = new InstanceHealth("i2", "org1", "Acme", "p2", HealthStatus.Up, HealthStatus.Up, Now, null, []);
        health = health with
        {
            Instances = [.. health.Instances, second],
            History = health.History with
            {
                Instances = health.History.Instances.Add("i2", new InstanceHistory("i2", new UptimeWindows(
                    UptimeCounts.Zero, UptimeCounts.Zero, new UptimeCounts(990, 0, 10, 0, 0, 0, 0) { SloBad = 10, SloCounted = 1_000 }, UptimeCounts.Zero), [])),
            },
        };

        var organization = Assert.Single(StatusDocumentBuilder.Build(health, Now).Organizations);

        // i2: 1 % bad against a 0.1 % budget: burned 10 times over, 9 budgets overspent.
        Assert.Equal(-9, organization.Slo!.BudgetLeft!.Value, 6);
        Assert.Equal(10, organization.Slo.BurnRate30d!.Value, 6);
        Assert.Equal(1, organization.Slo.Exhausted);
        Assert.Equal(99.9, organization.Slo.Objective);
        Assert.Equal("default", organization.Slo.ObjectiveSource);
    }

    [Fact]
    public void Build_NoCountedCheck_NoFigures()
    {
        var slo = StatusDocumentBuilder.Build(Snapshot(new UptimeCounts(0, 0, 0, 50, 3, 0, 0), UptimeCounts.Zero), Now)
            .Organizations[0].Instances[0].Slo!;

        Assert.Null(slo.BudgetLeft);
        Assert.Null(slo.Availability30d);
        Assert.Equal(99.9, slo.Objective);
    }

    [Fact]
    public void PublicPages_WithoutTheVariable_ShowNoBudget_WithItShowIt_FileAlwaysHasIt()
    {
        var month = new UptimeCounts(9_990, 0, 10, 0, 0, 0, 0) { SloBad = 10, SloCounted = 10_000 };
        var snapshot = Snapshot(month, UptimeCounts.Zero);
        var file = Text(StatusJson.Serialize(StatusDocumentBuilder.Build(snapshot, Now)).ToArray());
        Assert.Contains("\"budget_left\":0", file, StringComparison.Ordinal);

        foreach (var (options, shown) in new[]
        {
            (StatusPageOptions.Default, false),
            (new StatusPageOptions { ShowSlo = true }, true),
        })
        {
            var health = new HealthStore();
            var documents = new StatusDocumentStore();
            var cache = new StatusDocumentCache(health, documents, TimeProvider.System, options);
            health.Publish(snapshot);

            var orgJson = Text(cache.OrganizationJson("org1")!.Body);
            var statusJson = Plain(cache.Current.Json);
            var page = cache.Organization("en", "org1").Html;

            Assert.Equal(shown, orgJson.Contains("\"budget_left\"", StringComparison.Ordinal));
            Assert.Equal(shown, statusJson.Contains("\"budget_left\"", StringComparison.Ordinal));
            Assert.Equal(shown, page.Contains("id=\"org-budget\"", StringComparison.Ordinal));
            if (shown)
            {
                // 10 of 10,000 bad at 99.9 %: the whole budget spent.
                Assert.Contains("data-budget-left=\"0\"", page, StringComparison.Ordinal);
                Assert.Contains("Budget left</dt><dd>0%", page, StringComparison.Ordinal);
            }
        }
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static string Plain(Supawatch.Common.GzippedBody body)
    {
        using var reader = new StreamReader(body.OpenPlain());
        return reader.ReadToEnd();
    }

    private static HealthSnapshot Snapshot(UptimeCounts month, UptimeCounts day) => new()
    {
        Round = 3,
        CheckedAt = Now,
        Interval = TimeSpan.FromSeconds(30),
        Instances = [new InstanceHealth("i1", "org1", "Acme", "p1", HealthStatus.Up, HealthStatus.Up, Now, null, [])],
        History = HistorySummary.Empty with
        {
            Instances = ImmutableDictionary<string, InstanceHistory>.Empty.Add(
                "i1", new InstanceHistory("i1", new UptimeWindows(day, UptimeCounts.Zero, month, month), [])),
        },
    };
}
