using System.Collections.Immutable;
using Supawatch.Health;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Status;

namespace Supawatch.Tests.History;

/// <summary>
/// Issue 25: the history lives in SQLite, not in the steady heap; a store opened afresh over the file (nothing cached)
/// reads back the windows, the bars and the incidents that were written, and status.json built from it is the same
/// bytes as from the store that wrote them — across a day boundary too.
/// </summary>
public sealed class HistoryReadBackTests : IDisposable
{
    // Written on 9 and 10 March 2026 (an incident over midnight); read at noon on the 10th and the 11th.
    private static readonly DateTimeOffset Yesterday = new(2026, 3, 9, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Today = Yesterday.AddDays(1);
    private static readonly DateTimeOffset Noon = Today.AddHours(12);
    private readonly HistoryTestFiles _files = new();

    [Fact]
    public void Read_ByAStoreOpenedAfresh_GivesBackWhatWasWritten()
    {
        HistorySummary written;
        StatusDocument writtenDocument;
        using (var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1)))
        {
            Write(store);
            written = store.Read(Noon);
            writtenDocument = StatusDocumentBuilder.Build(Snapshot(written), Noon);
        }

        using var fresh = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        var read = fresh.Read(Noon);

        var i1 = read.For("i1")!;
        Assert.Equal(90, i1.Days.Length);
        Assert.Equal((new DateOnly(2026, 3, 9), HealthStatus.Down, 2L, 1L), (i1.Days[^2].Date, i1.Days[^2].Status, i1.Days[^2].Counts.Up, i1.Days[^2].Counts.Down));
        Assert.Equal((new DateOnly(2026, 3, 10), HealthStatus.Down, 1L, 1L, 1L), (i1.Days[^1].Date, i1.Days[^1].Status, i1.Days[^1].Counts.Up, i1.Days[^1].Counts.Degraded, i1.Days[^1].Counts.Down));
        Assert.Equal(HealthStatus.Unknown, i1.Days[0].Status);
        Assert.Equal((3L, 1L, 2L), (i1.Uptime.Last7Days.Up, i1.Uptime.Last7Days.Degraded, i1.Uptime.Last7Days.Down));
        Assert.Equal(12.5, i1.Uptime.Last90Days.AverageResponseMs);
        // The last 24 hours start after 12:00 yesterday: the 10:00 rounds are out, the one at 23:59:30 is in.
        Assert.Equal((1L, 1L, 2L), (i1.Uptime.Last24Hours.Up, i1.Uptime.Last24Hours.Degraded, i1.Uptime.Last24Hours.Down));
        Assert.Equal(HealthStatus.Stopped, read.For("i2")!.Days[^3].Status);
        var incident = Assert.Single(read.RecentIncidents);
        Assert.Equal(("i1", Yesterday.AddSeconds(86_370), Today.AddMinutes(1)), (incident.InstanceId, incident.StartedAt, incident.EndedAt!.Value));
        Assert.Empty(read.OpenIncidents);

        // What a person sees: the same status.json (bars, windows, incidents) as from the store that wrote the rounds.
        var document = StatusDocumentBuilder.Build(Snapshot(read), Noon);
        Assert.Equal(StatusJson.Serialize(writtenDocument), StatusJson.Serialize(document));
        var bar = document.Organizations.Single(o => o.OrgId == "org1").Instances.Single(i => i.InstanceId == "i1").Days[^2];
        Assert.Equal(("2026-03-09", HealthStatus.Down, 66.667), (bar.Date, bar.Status, bar.Uptime));
        Assert.Equal(written.For("i1")!.Days.Select(d => (d.Date, d.Counts)), i1.Days.Select(d => (d.Date, d.Counts)));
    }

    [Fact]
    public void Read_NextDayByAStoreOpenedAfresh_MovesTheBarsAndKeepsThePastDays()
    {
        using (var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1)))
        {
            Write(store);
            Assert.Equal(HealthStatus.Down, store.Read(Noon).For("i1")!.Days[^1].Status);
        }

        using var fresh = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        var tomorrow = fresh.Read(Noon.AddDays(1)).For("i1")!;

        Assert.Equal(90, tomorrow.Days.Length);
        Assert.Equal((new DateOnly(2026, 3, 11), HealthStatus.Unknown), (tomorrow.Days[^1].Date, tomorrow.Days[^1].Status));
        Assert.Equal((new DateOnly(2026, 3, 10), 1L, 1L, 1L), (tomorrow.Days[^2].Date, tomorrow.Days[^2].Counts.Up, tomorrow.Days[^2].Counts.Degraded, tomorrow.Days[^2].Counts.Down));
        Assert.Equal((new DateOnly(2026, 3, 9), 2L, 1L), (tomorrow.Days[^3].Date, tomorrow.Days[^3].Counts.Up, tomorrow.Days[^3].Counts.Down));
        Assert.Equal((3L, 1L, 2L), (tomorrow.Uptime.Last7Days.Up, tomorrow.Uptime.Last7Days.Degraded, tomorrow.Uptime.Last7Days.Down));
        // 24 hours back from noon on the 11th reach noon on the 10th: every round written is older.
        Assert.Equal(0, tomorrow.Uptime.Last24Hours.Total);

        // The same store, kept open, crosses midnight into a new day's rounds: the cached past gains the day that ended.
        fresh.Write(new HistoryRound(Noon.AddDays(1), [new HistorySample("i1", "org1", HealthStatus.Up, 10)], []));
        var later = fresh.Read(Noon.AddDays(1).AddMinutes(1)).For("i1")!;
        Assert.Equal((HealthStatus.Up, 1L), (later.Days[^1].Status, later.Days[^1].Counts.Up));
        Assert.Equal(HealthStatus.Down, later.Days[^2].Status);
        Assert.Equal(4L, later.Uptime.Last7Days.Up);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Read_PastDays_KeepTheirBarsAndTheWindowsKeepTheirResponseTimes()
    {
        using (var store = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1)))
        {
            Write(store);
        }

        using var fresh = new HistoryStore(_files.Database, TimeSpan.FromSeconds(1));
        var yesterday = fresh.Read(Noon).For("i1")!;

        // Yesterday's bar (2 up, 1 down): what the page shows of a past day is kept.
        Assert.Equal((2L, 0L, 1L, 0L), (yesterday.Days[^2].Counts.Up, yesterday.Days[^2].Counts.Degraded, yesterday.Days[^2].Counts.Down, yesterday.Days[^2].Counts.Stopped));
        // A past day's response times are summed into the windows when the days are read, not kept per day (DayBar).
        Assert.Equal(0, yesterday.Days[^2].Counts.ResponseCount);
        Assert.Equal((4L, 12.5), (yesterday.Uptime.Last90Days.ResponseCount, yesterday.Uptime.Last90Days.AverageResponseMs));
    }

    private static void Write(HistoryStore store)
    {
        store.Write(Round(Yesterday.AddHours(10), ("i1", HealthStatus.Up, 10)));
        store.Write(Round(Yesterday.AddHours(10).AddSeconds(30), ("i1", HealthStatus.Up, 10)));
        store.Write(Round(Yesterday.AddDays(-1), ("i2", HealthStatus.Stopped, null)));
        store.Write(Round(Yesterday.AddSeconds(86_370), ("i1", HealthStatus.Down, null)) with
        {
            Changes = [new StatusChange("i1", HealthStatus.Up, HealthStatus.Down, Yesterday.AddSeconds(86_370), "kong: connection refused")],
        });
        store.Write(Round(Today.AddSeconds(30), ("i1", HealthStatus.Down, null)));
        store.Write(Round(Today.AddMinutes(1), ("i1", HealthStatus.Up, 20)) with
        {
            Changes = [new StatusChange("i1", HealthStatus.Down, HealthStatus.Up, Today.AddMinutes(1), null)],
        });
        store.Write(Round(Today.AddHours(11), ("i1", HealthStatus.Degraded, 10), ("i2", HealthStatus.Up, 5)));
    }

    private static HistoryRound Round(DateTimeOffset at, params (string Id, HealthStatus Status, double? Ms)[] samples) =>
        new(at, [.. samples.Select(s => new HistorySample(s.Id, "org1", s.Status, s.Ms))], []);

    private static HealthSnapshot Snapshot(HistorySummary history) => new()
    {
        Round = 1,
        CheckedAt = Noon,
        Interval = TimeSpan.FromSeconds(30),
        Instances = [Instance("i1"), Instance("i2")],
        History = history,
    };

    private static InstanceHealth Instance(string id) => new(id, "org1", "Org One", id, HealthStatus.Up, HealthStatus.Up, Noon, null, ImmutableArray<ComponentHealth>.Empty);
}
