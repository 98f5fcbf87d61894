using System.Globalization;

namespace Supawatch.Status;

/// <summary>Numbers, times and durations as the page shows them (UTC, invariant digits).</summary>
public static class StatusFormat
{
    public static string Percent(double? percent) =>
        percent is { } p ? p.ToString(p >= 99.995 ? "0" : "0.00", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Milliseconds(double? ms) =>
        ms is { } m ? m.ToString(m < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms" : "–";

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "–";

    public static string IsoTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds} s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{(int)span.TotalDays} d {span.Hours} h";
    }
}
