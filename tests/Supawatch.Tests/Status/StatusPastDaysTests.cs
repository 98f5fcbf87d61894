using System.Collections.Immutable;
using System.Text;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Status;

namespace Supawatch.Tests.Status;

/// <summary>
/// A 90-day strip keeps its past days once per instance per day and rebuilds only today's bar (issue 25): a round whose
/// today changed reuses the past, a new day moves yesterday into it, and status.json stays what writing every day gives.
/// </summary>
public sealed class StatusPastDaysTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly UptimeCounts Outage = new(100, 0, 2780, 0, 0, 300, 100);

    [Fact]
    public void Build_EveryTodayChanged_KeepsEveryPastAndNoSecondCopy()
    {
        // Its own cache: the shared one is used by every other test's builds at the same time.
        var strips = new StatusDaysCache();
        var first = SyntheticFleet.Snapshot(30, Now);
        var before = Instances(StatusDocumentBuilder.Build(first, Now, strips: strips));
        var pasts = strips.PastCount;

        // A refusing fleet: every instance's today turns to an outage, round after round.
        StatusDocument after = null!;
        for (var round = 1; round <= 3; round++)
        {
            var history = first.History with
            {
                Instances = first.History.Instances.ToImmutableDictionary(p => p.Key, p => WithToday(p.Value, Outage with { Down = Outage.Down + round }), StringComparer.Ordinal),
            };
            after = StatusDocumentBuilder.Build(first with { Round = first.Round + round, History = history }, Now.AddSeconds(30 * round), strips: strips);
        }

        var now = Instances(after);
        Assert.All(now.Keys, id => Assert.Same(Strip(before[id]).Past, Strip(now[id]).Past));
        Assert.All(now.Keys, id => Assert.NotEqual(before[id].Days[^1], now[id].Days[^1]));
        Assert.Equal(HealthStatus.Down, now["p0012_app_12"].Days[^1].Status);
        Assert.Equal(pasts, strips.PastCount);
        Assert.Equal(Written(after), Text(StatusJson.Serialize(after)));
    }

    [Fact]
    public void Build_NextDay_YesterdayJoinsThePastDays()
    {
        var strips = new StatusDaysCache();
        var first = SyntheticFleet.Snapshot(30, Now);
        var before = Instances(StatusDocumentBuilder.Build(first, Now, strips: strips));

        // Just after midnight: the window moves on a day and today has one round.
        var tomorrow = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(1);
        var history = first.History with
        {
            Instances = first.History.Instances.ToImmutableDictionary(p => p.Key, p => NextDay(p.Value, tomorrow), StringComparer.Ordinal),
        };
        var next = Now.Date.AddDays(1).AddMinutes(1);
        var after = StatusDocumentBuilder.Build(first with { Round = first.Round + 1, History = history }, new DateTimeOffset(next, TimeSpan.Zero), strips: strips);

        var now = Instances(after);
        Assert.All(now.Keys, id =>
        {
            var (was, days) = (before[id].Days, now[id].Days);
            Assert.Equal(90, days.Count);
            Assert.Equal(was[^1], days[^2]);
            Assert.Equal(was.Skip(1), days.Take(89));
            Assert.Equal(("2026-03-11", HealthStatus.Up, (double?)100), (days[^1].Date, days[^1].Status, days[^1].Uptime));
            Assert.NotSame(Strip(before[id]).Past, Strip(now[id]).Past);
        });
        Assert.Equal(Written(after), Text(StatusJson.Serialize(after)));
    }

    [Fact]
    public void Json_EveryStatusAndUptimeKind_SameBytesAsEachDayWrittenByTheConverter()
    {
        double?[] uptimes = [100, null, 97.222, 0, -0.0, 99.999, 33.333, 1e-3, 100, 12.5, 50];
        var days = uptimes.Select((u, i) => new StatusDay(new DateOnly(2026, 2, 27).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (HealthStatus)(i % 6), u)).ToArray();
        var options = StatusJson.DocumentInfo.Options;

        var written = StripJson.Of(new StatusDays(days), options);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize<IReadOnlyList<StatusDay>>(days.ToList(), options), written);
        Assert.Contains("{\"date\":\"2026-02-28\",\"status\":\"up\",\"uptime\":null}", written, StringComparison.Ordinal);
        Assert.Contains("{\"date\":\"2026-03-03\",\"status\":\"stopped\",\"uptime\":-0}", written, StringComparison.Ordinal);
    }

    [Fact]
    public void New_DaysNotConsecutive_Throws()
    {
        StatusDay[] days = [new("2026-03-08", HealthStatus.Up, 100), new("2026-03-10", HealthStatus.Up, 100), new("2026-03-11", HealthStatus.Up, 100)];

        var thrown = Assert.Throws<ArgumentException>(() => new StatusDays(days));

        Assert.Contains("day 1 is 2026-03-10, expected 2026-03-09", thrown.Message, StringComparison.Ordinal);
    }

    private static InstanceHistory WithToday(InstanceHistory history, UptimeCounts today)
    {
        var days = ImmutableArray.CreateRange(history.Days);
        return new InstanceHistory(history.InstanceId, history.Uptime, days.SetItem(days.Length - 1, days[^1] with { Counts = today }));
    }

    private static InstanceHistory NextDay(InstanceHistory history, DateOnly tomorrow)
    {
        var days = ImmutableArray.CreateRange(history.Days);
        return new InstanceHistory(history.InstanceId, history.Uptime, days.RemoveAt(0).Add(new UptimeDay(tomorrow, new UptimeCounts(1, 0, 0, 0, 0, 3, 1))));
    }

    private static StatusDays Strip(StatusInstance instance) => Assert.IsType<StatusDays>(instance.Days);

    private static Dictionary<string, StatusInstance> Instances(StatusDocument document) =>
        document.Organizations.SelectMany(o => o.Instances).ToDictionary(i => i.InstanceId, StringComparer.Ordinal);

    /// <summary>The document with every strip a plain list, written day by day.</summary>
    private static string Written(StatusDocument document) => Text(StatusJson.Serialize(document with
    {
        Organizations = [.. document.Organizations.Select(o => o with
        {
            Days = o.Days.ToList(),
            Instances = [.. o.Instances.Select(i => i with { Days = i.Days.ToList() })],
        })],
    }));

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
