namespace Supawatch.Bench.Exporter;

/// <summary>What the Supawatch service itself reported around the load runs.</summary>
/// <param name="ReadyMs">Process start → <c>/metrics</c> carrying every instance with CPU and memory (two stats sweeps).</param>
/// <param name="InstancesAfter">Instances still exported after the load.</param>
/// <param name="RenderMeanMs">Mean background render time over the service's life (its own histogram).</param>
/// <param name="StatsCallsDuringLoad">Stats calls the synthetic engine answered while wrk ran.</param>
internal sealed record ServiceFacts(
    double ReadyMs,
    int InstancesAfter,
    double RenderMeanMs,
    int Renders,
    double SweepMeanMs,
    int Sweeps,
    int StatsCallsDuringLoad,
    double StatsErrors,
    string NotServed);
