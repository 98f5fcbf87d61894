using System.Text.Json.Serialization.Metadata;
using Supawatch.Instances;

namespace Supawatch.Slo;

/// <summary>
/// <c>supawatch slo report --month YYYY-MM --json</c> (schema: docs/schemas/slo-report.schema.json): each organization's
/// and instance's availability over a calendar month (UTC), its objective, the budget spent and the incidents that spent it,
/// from the history store's checks.
/// </summary>
/// <param name="Month"><c>YYYY-MM</c>.</param>
/// <param name="From">The month's first instant (UTC).</param>
/// <param name="To">The end of what is reported: the next month's first instant, or now for the current month.</param>
public sealed record SloReport(string Month, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SloReportOrganization> Organizations)
{
    /// <summary>What the numbers leave out, said once in the document (and under the table).</summary>
    public string Counting { get; init; } = "checks stopped on purpose, in maintenance or of unknown state count neither as good nor as bad";

    /// <summary>Supawatch's JSON conventions (snake_case, as the API and status.json).</summary>
    public static JsonTypeInfo<SloReport> JsonInfo { get; } = SupawatchJson.For(SloReportJsonContext.Default).TypeInfo<SloReport>();
}

/// <summary>An organization in the report: its instances' checks pooled, and its worst instance's budget.</summary>
/// <param name="AvailabilityPercent">Good checks of all its instances over the counted ones; null when none counted.</param>
/// <param name="WorstBudgetSpent">The largest share of an instance's budget spent (1 = all of it; above 1 overspent).</param>
/// <param name="InstancesOverBudget">Instances that spent more than their budget.</param>
public sealed record SloReportOrganization(
    string? OrgId,
    double? AvailabilityPercent,
    double? WorstBudgetSpent,
    int InstancesOverBudget,
    IReadOnlyList<SloReportInstance> Instances);

/// <summary>An instance in the report.</summary>
/// <param name="Objective">Percent (99.9).</param>
/// <param name="ObjectiveSource"><c>default</c> or <c>organization</c> (the history keeps no class, see docs/slo.md).</param>
/// <param name="CountedChecks">Checks (health rounds) that counted.</param>
/// <param name="BadChecks">Checks that found it unavailable (docs/slo.md, "What counts as good and bad").</param>
/// <param name="BudgetSpent">Bad ÷ (counted × (1 − objective)): 1 spent it all; null when nothing counted.</param>
/// <param name="DowntimeSeconds">The time its incidents lasted within the month.</param>
public sealed record SloReportInstance(
    string InstanceId,
    double Objective,
    string ObjectiveSource,
    double? AvailabilityPercent,
    long CountedChecks,
    long BadChecks,
    double? BudgetSpent,
    double DowntimeSeconds,
    IReadOnlyList<SloReportIncident> Incidents);

/// <summary>An incident that overlapped the month; <paramref name="SecondsInMonth"/> is the part of it inside the month.</summary>
public sealed record SloReportIncident(long Id, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, double SecondsInMonth, string? Cause);
