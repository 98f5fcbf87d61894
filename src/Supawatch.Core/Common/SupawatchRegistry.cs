using Prometheus;

namespace Supawatch.Common;

/// <summary>
/// The registry behind <c>/metrics</c>: one per host (no process-wide state, so two hosts in one test process
/// never share series), with the process and .NET runtime collectors but without prometheus-net's
/// event-counter and meter adapters, whose names promtool rejects.
/// </summary>
public static class SupawatchRegistry
{
    public static CollectorRegistry Create()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        return registry;
    }
}
