namespace Supawatch.Bench.Scaling;

/// <summary>What one <c>supawatch serve</c> did over a <c>reconcile-10000</c> observation.</summary>
internal sealed record WarmReconcileRun(
    string Build,
    int Reconciles,
    double WarmReconcileMs,
    double GzipP50Ms,
    double GzipP99Ms,
    int Scrapes,
    double CpuSeconds,
    string Load);
