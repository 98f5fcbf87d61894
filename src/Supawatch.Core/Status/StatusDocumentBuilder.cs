using System.Buffers;
using Supawatch.Health;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Slo;

namespace Supawatch.Status;

/// <summary>Builds the <see cref="StatusDocument"/> from a <see cref="HealthSnapshot"/>, in memory only.</summary>
public static class StatusDocumentBuilder
{
    /// <param name="slo">The objectives (the defaults when null): each instance's and organization's error budget.</param>
    /// <param name="strips">Where the 90-day strips of earlier builds are kept; <see cref="StatusDaysCache.Shared"/> when null.</param>
    public static StatusDocument Build(HealthSnapshot snapshot, DateTimeOffset now, SloOptions? slo = null, StatusDaysCache? strips = null)
    {
        slo ??= DefaultSlo;
        strips ??= StatusDaysCache.Shared;
        var instances = snapshot.Instances;
        var projects = instances.ToDictionary(i => i.InstanceId, i => i.ProjectName, StringComparer.Ordinal);
        var generation = strips.Begin();
        var organizations = instances
            .GroupBy(i => i.OrgId ?? "", StringComparer.Ordinal)
            .Select(g => Organization(g.ToList(), snapshot.History, slo, strips, generation))
            .OrderBy(o => o.OrgId is null ? 1 : 0)
            .ThenBy(o => o.OrgName ?? o.OrgId, StringComparer.OrdinalIgnoreCase)
            .ToList();
        strips.End(generation, instances.Length + organizations.Count);

        var history = snapshot.History;
        var state = snapshot.HistoryState;
        return new StatusDocument(
            StatusDocument.CurrentSchemaVersion,
            now,
            snapshot.CheckedAt,
            snapshot.Round,
            snapshot.Interval.TotalSeconds,
            snapshot.Overall,
            new StatusCounts(
                instances.Count(i => i.Status == HealthStatus.Up),
                instances.Count(i => i.Status == HealthStatus.Degraded),
                instances.Count(i => i.Status == HealthStatus.Down),
                instances.Count(i => i.Status == HealthStatus.Stopped),
                instances.Count(i => i.Status == HealthStatus.Unknown))
            {
                Maintenance = instances.Count(i => i.Status == HealthStatus.Maintenance),
            },
            new StatusProblems(
                state.Ok,
                state.Ok ? null : "history store unavailable; uptime shown is from the last successful read",
                state.PendingRounds,
                snapshot.Sources.Where(s => s.Enabled && !s.Up && s.LastAttempt is not null).Select(s => s.Name).ToList()),
            organizations,
            new StatusIncidents(
                history.OpenIncidents.Select(i => Incident(i, projects, now)).ToList(),
                history.RecentIncidents.Select(i => Incident(i, projects, now)).ToList()))
        {
            Hosts = Hosts(snapshot),
        };
    }

    private static List<StatusHost> Hosts(HealthSnapshot snapshot)
    {
        var counts = snapshot.Instances.GroupBy(i => i.Host, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var hosts = snapshot.Sources
            .Where(s => s.Name == Discovery.DiscoveryHealth.Docker && s.Host is not null)
            .Select(s => new StatusHost(s.Host!, s.Up || s.LastAttempt is null, counts.GetValueOrDefault(s.Host!)))
            .ToList();
        // Instances of a host the sources do not list (e.g. a snapshot built without sources) still count.
        hosts.AddRange(counts.Keys.Where(h => hosts.All(s => s.Name != h)).Select(h => new StatusHost(h, true, counts[h])));
        return [.. hosts.OrderBy(h => h.Name, StringComparer.Ordinal)];
    }

    private static readonly SloOptions DefaultSlo = new();

    private static StatusOrganization Organization(List<InstanceHealth> members, HistorySummary history, SloOptions slo, StatusDaysCache strips, long generation)
    {
        var windows = UptimeWindows.Zero;
        // Summed in place: adding UptimeCounts records allocated one per instance and day (90,000 a round at 1,000).
        DayCountsSum[]? days = null;
        DateOnly[]? dates = null;
        foreach (var member in members)
        {
            if (history.For(member.InstanceId) is not { } past)
            {
                continue;
            }

            windows = windows.Add(past.Uptime);
            days ??= new DayCountsSum[past.Days.Length];
            dates ??= Enumerable.Range(0, past.Days.Length).Select(past.Days.DateAt).ToArray();
            for (var i = 0; i < Math.Min(days.Length, past.Days.Length); i++)
            {
                days[i].Add(past.Days.CountsAt(i));
            }
        }

        var first = members[0];
        var counted = members.Where(m => m.Status is not (HealthStatus.Stopped or HealthStatus.Unknown or HealthStatus.Maintenance)).ToList();
        var status = counted.Count == 0
            ? members.All(m => m.Status == HealthStatus.Stopped) ? HealthStatus.Stopped
                : members.Any(m => m.Status == HealthStatus.Maintenance) ? HealthStatus.Maintenance : HealthStatus.Unknown
            : counted.Aggregate(HealthStatus.Up, (worst, m) => HealthStatuses.Worst(worst, m.Status));
        IReadOnlyList<StatusDay> dayList = [];
        if (days is not null)
        {
            var strip = new StatusDay[days.Length];
            for (var i = 0; i < days.Length; i++)
            {
                strip[i] = Day(dates![i], days[i].ToCounts());
            }

            dayList = strips.Intern(strip, generation);
        }

        var instances = members.Select(m => Instance(m, history.For(m.InstanceId), slo, strips, generation)).ToList();
        return new StatusOrganization(
            first.OrgId,
            first.OrgName,
            status,
            StatusUptime.From(windows),
            dayList,
            instances)
        {
            Slo = StatusSlo.Worst([.. instances.Select(i => i.Slo!)]),
        };
    }

    private static StatusInstance Instance(InstanceHealth instance, InstanceHistory? history, SloOptions slo, StatusDaysCache strips, long generation) => new(
        instance.InstanceId,
        instance.ProjectName,
        instance.Status,
        instance.Since,
        instance.Cause,
        Round(instance.ResponseMs),
        Round(history?.Uptime.Last24Hours.AverageResponseMs),
        StatusUptime.From(history?.Uptime ?? UptimeWindows.Zero),
        history is null ? [] : Days(history.Days, strips, generation),
        instance.Components.Select(c => new StatusComponent(
            c.Component,
            c.Status,
            Round(c.ResponseTime?.TotalMilliseconds),
            c.Checks.Select(k => new StatusCheck(k.Check, k.Status, Math.Round(k.Duration.TotalMilliseconds, 3), k.Reason, k.RestartCount)).ToList())).ToList())
    {
        Host = instance.Host,
        Slo = StatusSlo.For(SloObjective.For(slo, instance.OrgId, instance.SloClass), history?.Uptime ?? UptimeWindows.Zero),
    };

    /// <summary>
    /// An instance's bars read from the history's compact days (no <see cref="UptimeDay"/> made per day): the kept strip
    /// when an earlier document had the same (<see cref="StatusDaysCache"/>).
    /// </summary>
    private static StatusDays Days(UptimeDays days, StatusDaysCache strips, long generation)
    {
        if (days.Length == 0)
        {
            return strips.Intern([], generation);
        }

        var strip = ArrayPool<StatusDay>.Shared.Rent(days.Length);
        try
        {
            for (var i = 0; i < days.Length; i++)
            {
                var counts = days.CountsAt(i);
                strip[i] = Day(days.DateAt(i), counts.Status, counts.UptimePercent);
            }

            return strips.Intern(strip.AsSpan(0, days.Length), generation);
        }
        finally
        {
            ArrayPool<StatusDay>.Shared.Return(strip, clearArray: true);
        }
    }

    private static StatusDay Day(DateOnly date, UptimeCounts counts) =>
        Day(date, DayCounts.StatusOf(counts.Up, counts.Degraded, counts.Down, counts.Stopped), counts.UptimePercent);

    private static StatusDay Day(DateOnly date, HealthStatus status, double? uptimePercent) => new(
        StatusDates.Text(date),
        status,
        uptimePercent is { } p ? Math.Round(p, 3) : null);

    private static StatusIncident Incident(Incident incident, Dictionary<string, string?> projects, DateTimeOffset now) => new(
        incident.Id,
        incident.InstanceId,
        projects.GetValueOrDefault(incident.InstanceId),
        incident.OrgId,
        incident.StartedAt,
        incident.EndedAt,
        Math.Round(incident.DurationAt(now).TotalSeconds, 3),
        incident.Cause);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}
