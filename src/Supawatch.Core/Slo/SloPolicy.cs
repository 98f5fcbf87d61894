namespace Supawatch.Slo;

/// <summary>
/// The one SLO definition of the fleet: a 30-day period and the workbook's three burn-rate alerts
/// (page 2 % in 1 h confirmed over 5 min, page 5 % in 6 h confirmed over 30 min, ticket 10 % in 3 d confirmed over 6 h).
/// </summary>
public static class SloPolicy
{
    public const string FastBurn = "SupabaseErrorBudgetFastBurn";
    public const string SlowBurn = "SupabaseErrorBudgetSlowBurn";
    public const string Leak = "SupabaseErrorBudgetLeak";

    public static readonly TimeSpan Period = TimeSpan.FromDays(30);

    /// <summary>
    /// How long the stack's Prometheus keeps samples (<c>--storage.tsdb.retention.time</c>): the period and a day, so the
    /// 30-day ratio reads a whole period (Prometheus keeps 15 days by default).
    /// </summary>
    public static readonly TimeSpan Retention = Period + TimeSpan.FromDays(1);

    public static IReadOnlyList<BurnRateAlert> Alerts { get; } =
    [
        new(FastBurn, "critical", 0.02, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)),
        new(SlowBurn, "critical", 0.05, TimeSpan.FromHours(6), TimeSpan.FromMinutes(30)),
        new(Leak, "warning", 0.10, TimeSpan.FromDays(3), TimeSpan.FromHours(6)),
    ];

    /// <summary>Every window a recording rule keeps a burn rate for: the alerts' windows and the period.</summary>
    public static IReadOnlyList<TimeSpan> Windows { get; } =
        [.. Alerts.SelectMany(a => new[] { a.ShortWindow, a.LongWindow }).Append(Period).Distinct().Order()];
}
