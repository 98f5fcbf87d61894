using System.Globalization;
using Supawatch.History;

namespace Supawatch.Slo;

/// <summary>Builds the <see cref="SloReport"/> of a month from the history store's rounds and incidents.</summary>
public static class SloReportBuilder
{
    /// <summary>The month [<paramref name="month"/>, next month), its end cut at <paramref name="now"/>.</summary>
    public static SloReport Build(HistoryPeriod period, SloOptions options, DateOnly month, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(options);
        var to = period.To < now ? period.To : now;
        var incidents = period.Incidents.ToLookup(i => i.InstanceId, StringComparer.Ordinal);
        var organizations = period.Instances
            .GroupBy(i => i.OrgId ?? "", StringComparer.Ordinal)
            .Select(g => Organization(g.Key.Length == 0 ? null : g.Key, [.. g.Select(i => Instance(i, options, incidents[i.InstanceId], period.From, to))], [.. g]))
            .OrderBy(o => o.OrgId is null ? 1 : 0)
            .ThenBy(o => o.OrgId, StringComparer.Ordinal)
            .ToList();
        return new SloReport(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), period.From, to, organizations);
    }

    private static SloReportOrganization Organization(string? orgId, List<SloReportInstance> instances, List<PeriodUptime> rows)
    {
        var pooled = rows.Aggregate(UptimeCounts.Zero, (sum, row) => sum.Add(row.Counts));
        return new SloReportOrganization(
            orgId,
            Round(pooled.UptimePercent),
            instances.Max(i => i.BudgetSpent),
            instances.Count(i => i.BudgetSpent > 1),
            instances);
    }

    private static SloReportInstance Instance(PeriodUptime row, SloOptions options, IEnumerable<Incident> incidents, DateTimeOffset from, DateTimeOffset to)
    {
        // Its organization and class at its last round of the month, as status.json and the rules apply them now.
        var objective = SloObjective.For(options, row.OrgId, row.SloClass);
        var counts = row.Counts;
        var budget = new ErrorBudget(objective, counts.SloBad, counts.SloCounted);
        var spent = incidents
            .Select(i => new SloReportIncident(i.Id, i.StartedAt, i.EndedAt, Math.Round(Overlap(i, from, to).TotalSeconds, 3), i.Cause))
            .Where(i => i.SecondsInMonth > 0)
            .ToList();
        return new SloReportInstance(
            row.InstanceId,
            objective.Percent,
            objective.Source,
            Round(budget.AvailabilityPercent),
            budget.Counted,
            budget.Bad,
            Round(budget.Spent),
            Math.Round(spent.Sum(i => i.SecondsInMonth), 3),
            spent);
    }

    private static TimeSpan Overlap(Incident incident, DateTimeOffset from, DateTimeOffset to)
    {
        var start = incident.StartedAt > from ? incident.StartedAt : from;
        var end = incident.EndedAt is { } ended && ended < to ? ended : to;
        return end > start ? end - start : TimeSpan.Zero;
    }

    // + 0.0 turns -0 (a budget spent exactly, up to rounding) into 0.
    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) + 0.0 : null;
}
