namespace Supawatch.Slo;

/// <summary>
/// One row of the SRE workbook's multiwindow, multi-burn-rate table ("Alerting on SLOs"): the alert fires when the
/// error ratio over both <see cref="LongWindow"/> and <see cref="ShortWindow"/> exceeds <see cref="BurnRate"/> times
/// the budget, that is when <see cref="BudgetSpent"/> of the period's budget went in <see cref="LongWindow"/>.
/// </summary>
public sealed record BurnRateAlert(string Name, string Severity, double BudgetSpent, TimeSpan LongWindow, TimeSpan ShortWindow)
{
    /// <summary>How many times faster than allowed the budget burns: budget spent × period / long window (14.4 for 2 % in 1 h of 30 d).</summary>
    public double BurnRate => Math.Round(BudgetSpent * SloPolicy.Period.TotalHours / LongWindow.TotalHours, 6);

    /// <summary>Time to fire on a total outage: long window × burn rate × budget (52 s at 14.4× and 99.9 %).</summary>
    public TimeSpan DetectionTime(SloObjective objective) => LongWindow * (BurnRate * objective.Budget);
}
