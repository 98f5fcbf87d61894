using Supawatch.Alerting;
using Supawatch.Slo;

namespace Supawatch.Stack;

/// <summary>How long the stack's Prometheus keeps samples: <see cref="SloPolicy.Retention"/>, so the 30-day SLO window is whole.</summary>
public static class PrometheusRetention
{
    /// <summary>The flag, for the native and the compose stack.</summary>
    public static string Flag => "--storage.tsdb.retention.time=" + PrometheusDuration.Format(SloPolicy.Retention);
}
