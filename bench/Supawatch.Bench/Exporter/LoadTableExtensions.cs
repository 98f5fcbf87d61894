using System.Globalization;
using Supawatch.Bench.Measurement;

namespace Supawatch.Bench.Exporter;

/// <summary>Rows of the load table.</summary>
internal static class LoadTableExtensions
{
    public static MarkdownTable Row(this MarkdownTable table, ExporterLoad load, bool plain)
    {
        var run = plain ? load.Plain : load.Gzip;
        var cpu = plain ? load.CpuPlainSeconds : load.CpuGzipSeconds;
        var body = plain ? load.TextBytes : load.GzipBytes;
        return table.Row(
            $"{(load.Name == "Supawatch" ? "**Supawatch**" : load.Name)}, {(plain ? "plain" : "gzip")}",
            run.RequestsPerSecond.ToString(run.RequestsPerSecond < 100 ? "0.0" : "#,0", CultureInfo.InvariantCulture),
            Format.Ms(run.P50Ms),
            Format.Ms(run.P99Ms),
            Format.Number(run.Requests),
            run.Errors == 0 ? "0" : $"{run.Errors} ({run.ErrorDetail})",
            Format.MB(body),
            Format.Ms(cpu * 1000 / Math.Max(1, run.Requests)));
    }

    public static MarkdownTable Row(this MarkdownTable table, ExporterLoad load, WrkResult run, string encoding) =>
        table.Row(
            $"{(load.Name == "Supawatch" ? "**Supawatch**" : load.Name)}, {encoding}",
            run.RequestsPerSecond.ToString(run.RequestsPerSecond < 100 ? "0.0" : "#,0", CultureInfo.InvariantCulture),
            Format.Ms(run.P50Ms),
            Format.Ms(run.P90Ms),
            Format.Ms(run.P99Ms),
            Format.Number(run.Requests),
            run.Errors == 0 ? "0" : $"{run.Errors} ({run.ErrorDetail})");
}
