using System.Text;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Status;

namespace Supawatch.Tests.Status;

/// <summary>
/// status.json's 90-day strips are kept between rounds (issue 25; their past days compact, <see cref="StatusPastDaysTests"/>):
/// the served document must be the same bytes as serializing every strip afresh, the first round and after one instance's
/// history changed.
/// </summary>
public sealed class StatusDaysTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Serialize_KeptStrips_SameBytesAsEveryStripWrittenAfresh()
    {
        var document = StatusDocumentBuilder.Build(SyntheticFleet.Snapshot(200, Now), Now);

        Assert.All(document.Organizations.SelectMany(o => o.Instances), i => Assert.IsType<StatusDays>(i.Days));
        Assert.Equal(Text(StatusJson.Serialize(Afresh(document))), Text(StatusJson.Serialize(document)));
        // Twice: writing must not change what a kept strip writes next.
        Assert.Equal(Text(StatusJson.Serialize(Afresh(document))), Text(StatusJson.Serialize(document)));
        Assert.Equal(Text(StatusJson.Serialize(Afresh(document))), Text(StatusJson.SerializeGzipped(document).OpenPlain()));
    }

    [Fact]
    public void Build_OneInstanceHistoryChanged_OnlyItsStripIsNewAndTheDocumentStaysRight()
    {
        // Its own cache: the shared one is used by every other test's builds at the same time.
        var strips = new StatusDaysCache();
        var first = SyntheticFleet.Snapshot(30, Now);
        var before = StatusDocumentBuilder.Build(first, Now, strips: strips);
        _ = StatusJson.Serialize(before);

        // Instance 12 has an outage today: its last bar changes from 100 % to down.
        const string changed = "p0012_app_12";
        var past = first.History.For(changed)!;
        var today = past.Days[^1] with { Counts = new UptimeCounts(100, 0, 2780, 0, 0, 300, 100) };
        var days = System.Collections.Immutable.ImmutableArray.CreateRange(past.Days).SetItem(past.Days.Length - 1, today);
        var history = first.History with { Instances = first.History.Instances.SetItem(changed, new InstanceHistory(changed, past.Uptime, days)) };
        var after = StatusDocumentBuilder.Build(first with { Round = first.Round + 1, History = history }, Now.AddSeconds(30), strips: strips);

        var was = Instances(before);
        var now = Instances(after);
        Assert.NotSame(was[changed].Days, now[changed].Days);
        Assert.NotEqual(was[changed].Days[^1], now[changed].Days[^1]);
        Assert.Equal(was[changed].Days.Take(89), now[changed].Days.Take(89));
        Assert.All(now.Keys.Where(id => id != changed), id => Assert.Same(was[id].Days, now[id].Days));
        Assert.Equal(Text(StatusJson.Serialize(Afresh(after))), Text(StatusJson.Serialize(after)));
    }

    [Fact]
    public void Intern_SameValues_OneStripWhoseJsonIsTheArrayOfItsDays()
    {
        var strips = new StatusDaysCache();
        var generation = strips.Begin();
        StatusDay[] values = [new("2026-03-09", HealthStatus.Up, 100), new("2026-03-10", HealthStatus.Unknown, null)];

        var one = strips.Intern(values, generation);
        var two = strips.Intern([.. values], generation);
        var other = strips.Intern([values[0], values[1] with { Uptime = -0.0 }], generation);

        Assert.Same(one, two);
        Assert.NotSame(one, other);
        Assert.Equal(
            "[{\"date\":\"2026-03-09\",\"status\":\"up\",\"uptime\":100},{\"date\":\"2026-03-10\",\"status\":\"unknown\",\"uptime\":null}]",
            StripJson.Of(one, StatusJsonOptions()));
    }

    private static System.Text.Json.JsonSerializerOptions StatusJsonOptions() => StatusJson.DocumentInfo.Options;

    private static Dictionary<string, StatusInstance> Instances(StatusDocument document) =>
        document.Organizations.SelectMany(o => o.Instances).ToDictionary(i => i.InstanceId, StringComparer.Ordinal);

    /// <summary>The same document with every strip a plain list: written day by day, nothing kept.</summary>
    private static StatusDocument Afresh(StatusDocument document) => document with
    {
        Organizations = [.. document.Organizations.Select(o => o with
        {
            Days = o.Days.ToList(),
            Instances = [.. o.Instances.Select(i => i with { Days = i.Days.ToList() })],
        })],
    };

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static string Text(Stream stream)
    {
        using (stream)
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            return reader.ReadToEnd();
        }
    }
}
