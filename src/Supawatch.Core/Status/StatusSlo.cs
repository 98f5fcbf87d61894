using System.Text.Json.Serialization;
using Supawatch.History;
using Supawatch.Slo;

namespace Supawatch.Status;

/// <summary>
/// An instance's (or an organization's) error budget, from the history store's checks (docs/slo.md, "Reading the budget"):
/// the same arithmetic as the recording rules, over the same exclusions (stopped on purpose, maintenance, unknown).
/// </summary>
/// <param name="Objective">Availability objective, percent (99.9).</param>
/// <param name="ObjectiveSource"><c>default</c>, <c>class</c> or <c>organization</c>; null for an organization whose instances differ.</param>
/// <param name="Availability30d">Percent available over the last 30 days; null before a check counted.</param>
/// <param name="BudgetLeft">1 − burn rate over 30 days: 1 untouched, 0 spent, below 0 overspent; null before a check counted.</param>
/// <param name="BurnRate30d">Error ratio over 30 days ÷ (1 − objective): 1 spends the budget exactly in 30 days.</param>
/// <param name="BurnRate24h">The same over the last 24 hours: how fast it burns now.</param>
public sealed record StatusSlo(
    double Objective,
    string? ObjectiveSource,
    [property: JsonPropertyName("availability_30d")] double? Availability30d,
    double? BudgetLeft,
    [property: JsonPropertyName("burn_rate_30d")] double? BurnRate30d,
    [property: JsonPropertyName("burn_rate_24h")] double? BurnRate24h)
{
    /// <summary>An organization's instances whose budget is spent (budget left at or below 0); 1 or 0 for an instance.</summary>
    public int Exhausted { get; init; }

    public static StatusSlo For(SloObjective objective, UptimeWindows uptime)
    {
        ArgumentNullException.ThrowIfNull(uptime);
        var month = Budget(objective, uptime.Last30Days);
        var day = Budget(objective, uptime.Last24Hours);
        return new StatusSlo(
            objective.Percent,
            objective.Source,
            Round(month.AvailabilityPercent),
            Round(month.Remaining),
            Round(month.BurnRate),
            Round(day.BurnRate))
        {
            Exhausted = month.Remaining <= 0 ? 1 : 0,
        };
    }

    /// <summary>
    /// An organization's figures are its worst instance's (a promise is per tenant): the lowest budget left, the fastest
    /// burn rates, the lowest availability, and how many instances spent their budget. Null when it has no instance.
    /// </summary>
    public static StatusSlo? Worst(IReadOnlyCollection<StatusSlo> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        if (instances.Count == 0)
        {
            return null;
        }

        var objectives = instances.Select(s => s.Objective).Distinct().ToList();
        var sources = instances.Select(s => s.ObjectiveSource).Distinct().ToList();
        return new StatusSlo(
            objectives.Max(),
            objectives.Count == 1 && sources.Count == 1 ? sources[0] : null,
            instances.Min(s => s.Availability30d),
            instances.Min(s => s.BudgetLeft),
            instances.Max(s => s.BurnRate30d),
            instances.Max(s => s.BurnRate24h))
        {
            Exhausted = instances.Sum(s => s.Exhausted),
        };
    }

    /// <summary>The history's error-budget counts (each round's raw checks, classified as the rules classify samples: docs/slo.md).</summary>
    public static ErrorBudget Budget(SloObjective objective, UptimeCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new ErrorBudget(objective, counts.SloBad, counts.SloCounted);
    }

    // + 0.0 turns -0 (a budget spent exactly, up to rounding) into 0.
    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) + 0.0 : null;
}
