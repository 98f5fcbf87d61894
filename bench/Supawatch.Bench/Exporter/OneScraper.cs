namespace Supawatch.Bench.Exporter;

/// <summary>
/// The p99 goal is judged one request at a time, as Prometheus scrapes a target (an HA pair makes two). At 16
/// connections kept busy, latency is 16 ÷ throughput whatever the server does (Little's law): see docs/performance.md.
/// </summary>
internal static class OneScraper
{
    public const int Connections = 1;
    public const int DurationSeconds = 10;

    public static string CommandLine(string url, bool gzip) =>
        Wrk.CommandLine(url, gzip, Connections, DurationSeconds, Wrk.TimeoutSeconds);
}
