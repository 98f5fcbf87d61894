namespace Supawatch.Bench.Load;

/// <summary>One URL wrk loads: the path as the report names it, and whether it asks for gzip as Prometheus does.</summary>
internal sealed record LoadEndpoint(string Path, string Encoding, Uri Url, bool Gzip);
