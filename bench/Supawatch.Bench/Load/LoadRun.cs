using Supawatch.Bench.Exporter;

namespace Supawatch.Bench.Load;

/// <summary>One bounded wrk run and the service's resident memory right after it.</summary>
internal sealed record LoadRun(LoadEndpoint Endpoint, int Connections, WrkResult Result, long ResidentAfter);
