namespace Supawatch.Bench.Load;

/// <summary>The service's resident memory (VmRSS) <paramref name="Seconds"/> after the load began.</summary>
internal sealed record MemorySample(double Seconds, long Resident);
