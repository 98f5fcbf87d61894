using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Supawatch.Cli;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Tests.History;

namespace Supawatch.Tests.Slo;

/// <summary><c>supawatch slo report</c> on a real history store: the month's figures, and only that month's checks and incidents.</summary>
public sealed class SloReportTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly HistoryTestFiles _files = new();

    [Fact]
    public void Report_MonthWithAnOutage_AvailabilityBudgetSpentAndTheIncident_OtherMonthsLeftOut()
    {
        using (var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1)))
        {
            // February: 2,000 rounds of i1, 20 of them down in one incident, 100 stopped on purpose; i2 of org2 always up.
            // The budget counts the raw checks: they failed from round 498, two rounds before the outage was confirmed.
            var start = new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero);
            for (var round = 0; round < 2_100; round++)
            {
                var at = start.AddSeconds(30 * round);
                var status = round is >= 500 and < 520 ? HealthStatus.Down : round >= 2_000 ? HealthStatus.Stopped : HealthStatus.Up;
                var slo = round is >= 498 and < 520 ? SloEvent.Bad : round >= 2_000 ? SloEvent.None : SloEvent.Good;
                StatusChange[] changes = round switch
                {
                    500 => [new StatusChange("i1", HealthStatus.Up, HealthStatus.Down, at, "kong: connection refused")],
                    520 => [new StatusChange("i1", HealthStatus.Down, HealthStatus.Up, at, null)],
                    _ => [],
                };
                store.Write(new HistoryRound(at,
                    [new HistorySample("i1", "org1", status, 5) { Slo = slo }, new HistorySample("i2", "org2", HealthStatus.Up, 5) { Slo = SloEvent.Good }], [.. changes]));
            }

            // March: an hour of i1 down, which February's report must not see.
            store.Write(new HistoryRound(Now, [new HistorySample("i1", "org1", HealthStatus.Down, null) { Slo = SloEvent.Bad }], [new StatusChange("i1", HealthStatus.Up, HealthStatus.Down, Now, "db")]));
        }

        using var output = new StringWriter();
        using var errors = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDir"] = _files.Directory,
            ["Slo:Organizations:org1"] = "99.5",
        }).Build();

        Assert.Equal(0, SloCommand.Run(configuration, "2026-02", json: true, Now, output, errors));

        using var document = JsonDocument.Parse(output.ToString());
        var root = document.RootElement;
        Assert.Equal("2026-02", root.GetProperty("month").GetString());
        Assert.Equal(2, root.GetProperty("organizations").GetArrayLength());
        var org1 = root.GetProperty("organizations")[0];
        Assert.Equal("org1", org1.GetProperty("org_id").GetString());
        var i1 = Assert.Single(org1.GetProperty("instances").EnumerateArray());
        Assert.Equal(99.5, i1.GetProperty("objective").GetDouble());
        Assert.Equal("organization", i1.GetProperty("objective_source").GetString());
        Assert.Equal(2_000, i1.GetProperty("counted_checks").GetInt64());
        Assert.Equal(22, i1.GetProperty("bad_checks").GetInt64());
        Assert.Equal(98.9, i1.GetProperty("availability_percent").GetDouble(), 6);
        // 1.1 % bad against a 0.5 % budget: 2.2 times the month's budget.
        Assert.Equal(2.2, i1.GetProperty("budget_spent").GetDouble(), 6);
        Assert.Equal(1, org1.GetProperty("instances_over_budget").GetInt32());
        var incident = Assert.Single(i1.GetProperty("incidents").EnumerateArray());
        Assert.Equal(600, incident.GetProperty("seconds_in_month").GetDouble(), 3);
        Assert.Equal("kong: connection refused", incident.GetProperty("cause").GetString());
        var org2 = root.GetProperty("organizations")[1];
        Assert.Equal(0, org2.GetProperty("worst_budget_spent").GetDouble());
        Assert.Equal(100, org2.GetProperty("availability_percent").GetDouble());

        using var table = new StringWriter();
        Assert.Equal(0, SloCommand.Run(configuration, "2026-02", json: false, Now, table, errors));
        Assert.Contains("i1", table.ToString(), StringComparison.Ordinal);
        Assert.Contains("220.0%", table.ToString(), StringComparison.Ordinal);
        Assert.Contains("10m00s in the month: kong: connection refused", table.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_DefaultMonth_IsTheCurrentOne_UpToNow_IncidentStillOpenCountsUntilNow()
    {
        using (var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1)))
        {
            var at = Now.AddHours(-1);
            store.Write(new HistoryRound(at, [new HistorySample("i1", null, HealthStatus.Down, null)], [new StatusChange("i1", HealthStatus.Up, HealthStatus.Down, at, "kong")]));
        }

        using var output = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = _files.Directory }).Build();

        Assert.Equal(0, SloCommand.Run(configuration, null, json: true, Now, output, TextWriter.Null));

        using var document = JsonDocument.Parse(output.ToString());
        Assert.Equal("2026-03", document.RootElement.GetProperty("month").GetString());
        Assert.Equal(Now, document.RootElement.GetProperty("to").GetDateTimeOffset());
        var instance = document.RootElement.GetProperty("organizations")[0].GetProperty("instances")[0];
        Assert.Equal(3_600, instance.GetProperty("downtime_seconds").GetDouble(), 3);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("organizations")[0].GetProperty("org_id").ValueKind);
    }

    [Fact]
    public void Report_ClassFromTheMasterDb_AppliesTheObjectiveStatusJsonApplies_OrganizationOverrideStillWins()
    {
        using (var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1)))
        {
            // March: 1,000 rounds each, 10 bad. i1 and i2 are of the class "free" (the master DB's slo_class), i2's
            // organization has its own objective; i3 had the class "free" early in the month and "paid" at its last round.
            var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
            for (var round = 0; round < 1_000; round++)
            {
                var slo = round < 10 ? SloEvent.Bad : SloEvent.Good;
                store.Write(new HistoryRound(start.AddMinutes(round),
                [
                    new HistorySample("i1", "org1", HealthStatus.Up, 5) { Slo = slo, SloClass = "free" },
                    new HistorySample("i2", "org2", HealthStatus.Up, 5) { Slo = slo, SloClass = "free" },
                    new HistorySample("i3", "org3", HealthStatus.Up, 5) { Slo = slo, SloClass = round < 500 ? "free" : "paid" },
                ], []));
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDir"] = _files.Directory,
            ["Slo:Classes:free"] = "99",
            ["Slo:Classes:paid"] = "99.5",
            ["Slo:Organizations:org2"] = "99.95",
        }).Build();
        using var output = new StringWriter();
        using var errors = new StringWriter();

        Assert.Equal(0, SloCommand.Run(configuration, "2026-03", json: true, Now, output, errors));

        using var document = JsonDocument.Parse(output.ToString());
        var instances = document.RootElement.GetProperty("organizations").EnumerateArray()
            .SelectMany(o => o.GetProperty("instances").EnumerateArray())
            .ToDictionary(i => i.GetProperty("instance_id").GetString()!, StringComparer.Ordinal);
        // 1 % bad: the whole budget of a 99 % class, twice that of a 99.5 % class, 20 times a 99.95 % organization's.
        Assert.Equal((99.0, "class", 1.0), Figures(instances["i1"]));
        Assert.Equal((99.95, "organization", 20.0), Figures(instances["i2"]));
        Assert.Equal((99.5, "class", 2.0), Figures(instances["i3"]));
        Assert.DoesNotContain("not applied", errors.ToString(), StringComparison.Ordinal);

        static (double, string?, double) Figures(JsonElement instance) => (
            instance.GetProperty("objective").GetDouble(),
            instance.GetProperty("objective_source").GetString(),
            Math.Round(instance.GetProperty("budget_spent").GetDouble(), 6));
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("March")]
    public void Report_NotAMonth_Exit2NamingTheFlag(string month)
    {
        using var errors = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = _files.Directory }).Build();

        Assert.Equal(2, SloCommand.Run(configuration, month, json: false, Now, TextWriter.Null, errors));
        Assert.Contains("--month", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("YYYY-MM", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NoHistoryStore_Exit1SayingWhereItLooked()
    {
        using var errors = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = Path.Combine(_files.Directory, "none") }).Build();

        Assert.Equal(1, SloCommand.Run(configuration, null, json: false, Now, TextWriter.Null, errors));
        Assert.Contains("SUPAWATCH_DATA_DIR", errors.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
