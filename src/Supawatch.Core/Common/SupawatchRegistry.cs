using Prometheus;

namespace Supawatch.Common;

/// <summary>
/// The registry behind <c>/metrics</c>: one per host (no process-wide state, so two hosts in one test process
/// never share series), with the process and .NET runtime collectors but without prometheus-net's
/// event-counter and meter adapters, whose names promtool rejects. prometheus-net counts collections but not the time
/// they stopped the process; <c>dotnet_gc_pause_seconds_total</c> adds it (<see cref="GC.GetTotalPauseDuration"/>), the
/// figure that tells whether a slow scrape waited on the GC.
/// </summary>
public static class SupawatchRegistry
{
    public static CollectorRegistry Create()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        var paused = Prometheus.Metrics.WithCustomRegistry(registry).CreateCounter(
            "dotnet_gc_pause_seconds_total", "Time the .NET runtime paused the process for garbage collection, since start.");
        registry.AddBeforeCollectCallback(() => paused.IncTo(GC.GetTotalPauseDuration().TotalSeconds));
        return registry;
    }
}
