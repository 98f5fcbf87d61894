using System.Collections.Immutable;
using Supawatch.Health;
using Supawatch.History;
using Supawatch.Instances;

namespace Supawatch.Tests.Status;

/// <summary>
/// A fleet of <c>instances</c> tenants in organizations of ten with 90 days of history each, as the health loop would
/// publish it: every 50th instance down (connection refused), every 70th degraded, one in a hundred days with an outage.
/// Names carry accents and one hostile organization name, so pages are checked with realistic text.
/// </summary>
public static class SyntheticFleet
{
    public const string HostileOrgName = "<script>window.__pwned=1</script>Ação & Cia \"Ltda\"";

    public static HealthSnapshot Snapshot(int instances, DateTimeOffset now, int perOrganization = 10)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var healths = ImmutableArray.CreateBuilder<InstanceHealth>(instances);
        var histories = ImmutableDictionary.CreateBuilder<string, InstanceHistory>(StringComparer.Ordinal);
        var open = ImmutableArray.CreateBuilder<Incident>();
        for (var i = 0; i < instances; i++)
        {
            var id = $"p{i:D4}_app_{i}";
            var org = i / perOrganization;
            var status = i % 50 == 7 ? HealthStatus.Down : i % 70 == 3 ? HealthStatus.Degraded : HealthStatus.Up;
            var cause = status switch
            {
                HealthStatus.Down => "kong: connection refused; rest: no answer within 5 s",
                HealthStatus.Degraded => "storage: HTTP 503",
                _ => null,
            };
            var checks = ImmutableArray.Create(
                new CheckResult(id, "kong", CheckNames.Http, status == HealthStatus.Down ? HealthStatus.Down : HealthStatus.Up, TimeSpan.FromMilliseconds(2 + (i % 7)), status == HealthStatus.Down ? "connection refused" : "HTTP 200"));
            healths.Add(new InstanceHealth(
                id,
                $"org{org:D3}",
                org == 1 ? HostileOrgName : $"Organização {org:D3} São Paulo",
                $"Projeto {i} – loja",
                status,
                status,
                now.AddHours(-(i % 48)),
                cause,
                [new ComponentHealth("kong", checks[0].Status, checks)]) { Host = i % 2 == 0 ? "east" : "west" });

            var days = ImmutableArray.CreateBuilder<UptimeDay>(90);
            for (var d = 89; d >= 0; d--)
            {
                var outage = (i + d) % 100 == 0;
                days.Add(new UptimeDay(today.AddDays(-d), new UptimeCounts(outage ? 2800 : 2880, 0, outage ? 80 : 0, 0, 0, 2880 * 3, 2880)));
            }

            var total = days.Aggregate(UptimeCounts.Zero, (sum, day) => sum.Add(day.Counts));
            var last = days[^1].Counts;
            histories[id] = new InstanceHistory(id, new UptimeWindows(last, last, total, total), days.ToImmutable());
            if (status == HealthStatus.Down)
            {
                open.Add(new Incident(i, id, $"org{org:D3}", now.AddMinutes(-(i % 90) - 3), null, cause));
            }
        }

        return new HealthSnapshot
        {
            Round = 5,
            CheckedAt = now,
            Interval = TimeSpan.FromSeconds(30),
            Instances = healths.ToImmutable(),
            History = HistorySummary.Empty with { ReadAt = now, Instances = histories.ToImmutable(), OpenIncidents = open.ToImmutable() },
        };
    }
}
