using Supawatch.Bench.Exporter;

namespace Supawatch.Bench.Load;

/// <summary>One bounded wrk run (of pass 1 or 2) and the service's resident memory right after it.</summary>
internal sealed record LoadRun(int Pass, LoadEndpoint Endpoint, int Connections, WrkResult Result, long ResidentAfter);
