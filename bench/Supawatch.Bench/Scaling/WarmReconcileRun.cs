namespace Supawatch.Bench.Scaling;

/// <summary>What one <c>supawatch serve</c> did over a <c>reconcile-10000</c> observation; <see cref="GcPauseSeconds"/> NaN for a build that does not export it.</summary>
internal sealed record WarmReconcileRun(
    string Build,
    int Reconciles,
    double WarmReconcileMs,
    double GzipP50Ms,
    double GzipP99Ms,
    int Scrapes,
    double GcPauseSeconds,
    double CpuSeconds,
    string Load);
