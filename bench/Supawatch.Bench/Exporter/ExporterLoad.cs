namespace Supawatch.Bench.Exporter;

/// <summary>One exporter under the identical wrk runs: what it served and what it cost.</summary>
/// <param name="TextBytes">Body of one plain <c>GET /metrics</c>.</param>
/// <param name="GzipBytes">Body of one <c>GET /metrics</c> with <c>Accept-Encoding: gzip</c>.</param>
/// <param name="SupabaseSamples">Its <c>supabase_*</c> sample lines.</param>
/// <param name="CpuPlainSeconds">The server process's CPU time during the plain run.</param>
/// <param name="OnePlain">One connection at a time (what one Prometheus scraping does), plain.</param>
/// <param name="OneGzip">One connection at a time, gzip.</param>
/// <param name="Resident">VmRSS after both runs.</param>
/// <param name="PeakResident">VmHWM after both runs.</param>
internal sealed record ExporterLoad(
    string Name,
    WrkResult Plain,
    WrkResult Gzip,
    WrkResult OnePlain,
    WrkResult OneGzip,
    long TextBytes,
    long GzipBytes,
    int SupabaseSamples,
    int AllSamples,
    double CpuPlainSeconds,
    double CpuGzipSeconds,
    long Resident,
    long PeakResident);
