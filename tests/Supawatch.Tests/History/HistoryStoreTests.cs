using Supawatch.History;
using Supawatch.Instances;

namespace Supawatch.Tests.History;

public sealed class HistoryStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly HistoryTestFiles _files = new();

    [Fact]
    public void Read_RoundsOfMixedStatus_ComputesUptimeExcludingStopped()
    {
        using var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        foreach (var status in new[] { HealthStatus.Up, HealthStatus.Up, HealthStatus.Degraded, HealthStatus.Down, HealthStatus.Stopped })
        {
            store.Write(new HistoryRound(Now, [new HistorySample("i1", "org1", status, 10)], []));
        }

        var summary = store.Read(Now);

        var uptime = summary.For("i1")!.Uptime;
        Assert.Equal(75.0, uptime.Last24Hours.UptimePercent);
        Assert.Equal(75.0, uptime.Last90Days.UptimePercent);
        Assert.Equal(10.0, uptime.Last24Hours.AverageResponseMs);
        var days = summary.For("i1")!.Days;
        Assert.Equal(90, days.Length);
        Assert.Equal(new DateOnly(2026, 3, 10), days[^1].Date);
        Assert.Equal(HealthStatus.Down, days[^1].Status);
        Assert.Equal(HealthStatus.Unknown, days[0].Status);
    }

    [Fact]
    public void Read_ErrorBudgetCounters_CountTheRoundsRawEvents_NotTheConfirmedStatus()
    {
        using var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        // Kong failed three rounds; the outage was confirmed at the third; one round stopped on purpose counts neither way.
        (HealthStatus Status, SloEvent Slo)[] rounds =
            [(HealthStatus.Up, SloEvent.Good), (HealthStatus.Up, SloEvent.Bad), (HealthStatus.Up, SloEvent.Bad), (HealthStatus.Down, SloEvent.Bad), (HealthStatus.Stopped, SloEvent.None)];
        foreach (var (status, slo) in rounds)
        {
            store.Write(new HistoryRound(Now, [new HistorySample("i1", "org1", status, 10) { Slo = slo, SloClass = "free" }], []));
        }

        var uptime = store.Read(Now).For("i1")!.Uptime;
        Assert.Equal((3L, 4L), (uptime.Last24Hours.SloBad, uptime.Last24Hours.SloCounted));
        Assert.Equal((3L, 4L), (uptime.Last30Days.SloBad, uptime.Last30Days.SloCounted));
        Assert.Equal(1, uptime.Last30Days.Down);
        var period = store.ReadPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1));
        var row = Assert.Single(period.Instances);
        Assert.Equal(("free", 3L, 4L), (row.SloClass, row.Counts.SloBad, row.Counts.SloCounted));
    }

    [Fact]
    public void Open_AVersion1Store_GainsTheErrorBudgetCounters_FilledFromItsStatuses()
    {
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_files.Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The version 1 uptime table, with a day of 8 rounds up, 1 degraded, 2 down and 3 stopped.
            command.CommandText = $"""
                CREATE TABLE uptime_daily(
                  instance_id TEXT NOT NULL, bucket INTEGER NOT NULL, org_id TEXT,
                  up INTEGER NOT NULL, degraded INTEGER NOT NULL, down INTEGER NOT NULL, stopped INTEGER NOT NULL, unknown INTEGER NOT NULL,
                  response_ms_sum REAL NOT NULL, response_count INTEGER NOT NULL,
                  PRIMARY KEY(instance_id, bucket)) WITHOUT ROWID;
                INSERT INTO uptime_daily VALUES('i1', {Now.ToUnixTimeMilliseconds() / 86_400_000}, 'org1', 8, 1, 2, 3, 0, 0, 0);
                """;
            command.ExecuteNonQuery();
        }

        using var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        store.Write(new HistoryRound(Now, [new HistorySample("i1", "org1", HealthStatus.Up, 10) { Slo = SloEvent.Bad }], []));

        var month = store.Read(Now).For("i1")!.Uptime.Last30Days;
        Assert.Equal((3L, 12L), (month.SloBad, month.SloCounted));
    }

    [Fact]
    public void Read_AfterALateWriteToYesterday_SeesIt()
    {
        using var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        store.Write(new HistoryRound(Now.AddDays(-1), [new HistorySample("i1", null, HealthStatus.Up, null)], []));
        store.Write(new HistoryRound(Now, [new HistorySample("i1", null, HealthStatus.Up, null)], []));
        Assert.Equal(HealthStatus.Up, store.Read(Now).For("i1")!.Days[^2].Status);

        // A round queued while the store failed lands after midnight.
        store.Write(new HistoryRound(Now.AddDays(-1), [new HistorySample("i1", null, HealthStatus.Down, null)], []));
        store.Write(new HistoryRound(Now, [new HistorySample("i1", null, HealthStatus.Up, null)], []));
        var summary = store.Read(Now);

        Assert.Equal(HealthStatus.Down, summary.For("i1")!.Days[^2].Status);
        Assert.Equal(2, summary.For("i1")!.Days[^1].Counts.Up);
        Assert.Equal(3, summary.For("i1")!.Uptime.Last7Days.Up);
    }

    [Fact]
    public void Read_NextDay_MovesTheWindow()
    {
        using var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        store.Write(new HistoryRound(Now, [new HistorySample("i1", null, HealthStatus.Down, null)], []));
        Assert.Equal(HealthStatus.Down, store.Read(Now).For("i1")!.Days[^1].Status);

        var tomorrow = store.Read(Now.AddDays(1)).For("i1")!;

        Assert.Equal(HealthStatus.Down, tomorrow.Days[^2].Status);
        Assert.Equal(HealthStatus.Unknown, tomorrow.Days[^1].Status);
    }

    [Fact]
    public void Read_RoundAfterRound_EachWindowCountsItsOwnRounds()
    {
        using var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        // One down round in each window's edge, up rounds elsewhere; reading in between fills the per-day/per-hour caches.
        foreach (var at in new[] { Now.AddDays(-60), Now.AddDays(-20), Now.AddDays(-5), Now.AddHours(-25), Now.AddHours(-2) })
        {
            store.Write(new HistoryRound(at, [new HistorySample("i1", null, HealthStatus.Down, null)], []));
            store.Read(at);
        }

        store.Read(Now);
        store.Write(new HistoryRound(Now, [new HistorySample("i1", null, HealthStatus.Up, 4)], []));
        var first = store.Read(Now).For("i1")!.Uptime;
        store.Write(new HistoryRound(Now.AddMinutes(1), [new HistorySample("i1", null, HealthStatus.Up, 6)], []));
        var second = store.Read(Now.AddMinutes(1)).For("i1")!.Uptime;
        // An hour on, the round two hours before now is still in the 24 hours; 25 hours before has long left them.
        var later = store.Read(Now.AddHours(1)).For("i1")!.Uptime;

        Assert.Equal((1L, 1L, 3L, 4L, 5L), (first.Last24Hours.Up, first.Last24Hours.Down, first.Last7Days.Down, first.Last30Days.Down, first.Last90Days.Down));
        Assert.Equal((2L, 1L, 2L), (second.Last24Hours.Up, second.Last24Hours.Down, second.Last7Days.Up));
        Assert.Equal(5.0, second.Last24Hours.AverageResponseMs);
        Assert.Equal((2L, 1L), (later.Last24Hours.Up, later.Last24Hours.Down));
    }

    [Fact]
    public void Write_DownThenUp_OpensAndClosesOneIncident()
    {
        using var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        store.Write(new HistoryRound(Now, [new HistorySample("i1", "org1", HealthStatus.Down, null)],
            [new StatusChange("i1", HealthStatus.Up, HealthStatus.Down, Now, "kong: connection refused")]));
        var open = store.Read(Now.AddMinutes(1));
        store.Write(new HistoryRound(Now.AddMinutes(5), [], [new StatusChange("i1", HealthStatus.Down, HealthStatus.Up, Now.AddMinutes(5), null)]));

        var closed = store.Read(Now.AddMinutes(6));

        var incident = Assert.Single(open.OpenIncidents);
        Assert.Equal(("i1", "org1", "kong: connection refused"), (incident.InstanceId, incident.OrgId, incident.Cause));
        Assert.Empty(closed.OpenIncidents);
        Assert.Equal(TimeSpan.FromMinutes(5), Assert.Single(closed.RecentIncidents).DurationAt(Now.AddHours(1)));
        Assert.Equal((HealthStatus.Up, Now.AddMinutes(5)), closed.LastStatus["i1"]);
    }

    [Fact]
    public void Write_DownTwice_KeepsOneOpenIncident()
    {
        using var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        store.Write(new HistoryRound(Now, [], [new StatusChange("i1", HealthStatus.Up, HealthStatus.Down, Now, "a")]));
        store.Write(new HistoryRound(Now.AddMinutes(1), [], [new StatusChange("i1", HealthStatus.Unknown, HealthStatus.Down, Now.AddMinutes(1), "b")]));

        Assert.Single(store.Read(Now.AddMinutes(2)).OpenIncidents);
    }

    [Fact]
    public void Open_AfterReopen_HistorySurvives()
    {
        using (var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1)))
        {
            store.Write(new HistoryRound(Now, [new HistorySample("i1", null, HealthStatus.Up, 3)], []));
        }

        using var reopened = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));

        Assert.Equal(1, reopened.Read(Now).For("i1")!.Uptime.Last24Hours.Up);
    }

    [Fact]
    public void Prune_OlderThanRetention_RemovesDaysAndClosedIncidents()
    {
        using var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        var old = Now.AddDays(-40);
        store.Write(new HistoryRound(old, [new HistorySample("i1", null, HealthStatus.Down, null)],
            [new StatusChange("i1", HealthStatus.Up, HealthStatus.Down, old, "x"), new StatusChange("i1", HealthStatus.Down, HealthStatus.Up, old.AddMinutes(1), null)]));
        store.Write(new HistoryRound(Now, [new HistorySample("i1", null, HealthStatus.Up, null)], []));

        var deleted = store.Prune(Now, TimeSpan.FromDays(30));
        var summary = store.Read(Now);

        Assert.True(deleted >= 4, $"deleted {deleted}");
        Assert.Empty(summary.RecentIncidents);
        Assert.Equal(0, summary.For("i1")!.Uptime.Last90Days.Down);
        Assert.Equal(1, summary.For("i1")!.Uptime.Last90Days.Up);
    }

    public void Dispose() => _files.Dispose();
}
