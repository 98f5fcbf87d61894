namespace Supawatch.Slo;

/// <summary>
/// An error budget computed from counted checks, as the recording rules compute it from samples
/// (<c>instance_id:supabase_slo_budget_remaining:30d</c> = 1 − error ratio / (1 − objective)): checks stopped on purpose,
/// in maintenance or unknown are counted in neither <paramref name="Bad"/> nor <paramref name="Counted"/>.
/// </summary>
/// <param name="Bad">Checks that found the instance unavailable.</param>
/// <param name="Counted">Checks that counted (available or not).</param>
public readonly record struct ErrorBudget(SloObjective Objective, long Bad, long Counted)
{
    /// <summary>Whether any check counted: without one there is no ratio (the rules have no sample either).</summary>
    public bool HasData => Counted > 0;

    /// <summary>Bad over counted, 0 to 1; null without data.</summary>
    public double? ErrorRatio => HasData ? (double)Bad / Counted : null;

    /// <summary>Percent available (0-100); null without data.</summary>
    public double? AvailabilityPercent => ErrorRatio is { } ratio ? 100 * (1 - ratio) : null;

    /// <summary>How many times faster than allowed the budget burned: 1 spends it exactly in the period.</summary>
    public double? BurnRate => ErrorRatio is { } ratio ? ratio / Objective.Budget : null;

    /// <summary>The share of the budget spent, as <see cref="BurnRate"/> over the whole period (1 = all of it).</summary>
    public double? Spent => BurnRate;

    /// <summary>1 untouched, 0 spent, below 0 overspent; null without data.</summary>
    public double? Remaining => BurnRate is { } burn ? 1 - burn : null;

    /// <summary>The bad checks the objective allows out of <see cref="Counted"/>.</summary>
    public double Allowed => Counted * Objective.Budget;
}
