using System.Globalization;

namespace Supawatch.Bench.Measurement;

/// <summary>Number formatting for the report: invariant culture, units spelled out.</summary>
internal static class Format
{
    public static string Ms(double milliseconds) =>
        double.IsNaN(milliseconds) ? "–" : milliseconds.ToString(milliseconds < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";

    public static string Seconds(double seconds) => seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    /// <summary>Decimal megabytes (10⁶ bytes), the unit the goals are written in.</summary>
    public static string MB(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Ratio(double ratio) =>
        double.IsNaN(ratio) || double.IsInfinity(ratio) ? "–" : ratio.ToString(ratio < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + "×";

    public static string Number(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
