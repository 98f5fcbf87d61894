using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Security;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>
/// A badge (<c>status | up</c>, <c>uptime 30 d | 99.95%</c>) as a self-contained SVG: no script, no style sheet, no
/// external reference, every text XML-escaped; white text on the page's status colours (4.5:1 or more), the label on
/// a grey of 7:1. Made once per round and key by <see cref="StatusDocumentCache"/>, served with its ETag.
/// </summary>
public static class StatusBadge
{
    /// <summary>The badge kinds: <c>status</c> and <c>uptime-24h</c>, <c>uptime-7d</c>, <c>uptime-30d</c>, <c>uptime-90d</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["status", "uptime-24h", "uptime-7d", "uptime-30d", "uptime-90d"];

    private const string LabelColour = "#555555";

    /// <summary>The SVG of <paramref name="kind"/> for a subject with this status and uptime; null for an unknown kind.</summary>
    public static string? Render(string kind, HealthStatus status, StatusUptime uptime, StatusText text)
    {
        ArgumentNullException.ThrowIfNull(uptime);
        ArgumentNullException.ThrowIfNull(text);
        var palette = StatusPalette.Light;
        switch (kind)
        {
            case "status":
                return Svg(text.StatusHeader.ToLowerInvariant(), text.Name(status).ToLowerInvariant(), Colour(palette, status));
            case "uptime-24h":
                return Uptime(text, "24 h", uptime.Last24Hours, palette);
            case "uptime-7d":
                return Uptime(text, "7 d", uptime.Last7Days, palette);
            case "uptime-30d":
                return Uptime(text, "30 d", uptime.Last30Days, palette);
            case "uptime-90d":
                return Uptime(text, "90 d", uptime.Last90Days, palette);
            default:
                return null;
        }
    }

    /// <summary>A strong ETag of the badge's bytes.</summary>
    public static string ETag(byte[] svg) => "\"" + Convert.ToHexStringLower(SHA256.HashData(svg).AsSpan(0, 12)) + "\"";

    private static string Uptime(StatusText text, string window, double? percent, StatusPalette palette)
    {
        // Green from 99.9%, amber from 99%, red below; grey while nothing was counted.
        var colour = percent switch
        {
            null => palette.Unknown,
            >= 99.9 => palette.Up,
            >= 99 => palette.Degraded,
            _ => palette.Down,
        };
        return Svg(text.Uptime.ToLowerInvariant() + " " + window, percent is null ? text.NoData : StatusFormat.Percent(percent), colour);
    }

    private static string Colour(StatusPalette palette, HealthStatus status) => status switch
    {
        HealthStatus.Up => palette.Up,
        HealthStatus.Degraded => palette.Degraded,
        HealthStatus.Down => palette.Down,
        HealthStatus.Stopped => palette.Stopped,
        _ => palette.Unknown,
    };

    private static string Svg(string label, string value, string colour)
    {
        var left = Width(label);
        var right = Width(value);
        var total = left + right;
        var l = Escape(label);
        var v = Escape(value);
        var sb = new StringBuilder(900);
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{total}\" height=\"20\" role=\"img\" aria-label=\"{l}: {v}\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{l}: {v}</title>")
            .Append(CultureInfo.InvariantCulture, $"<rect width=\"{left}\" height=\"20\" fill=\"{LabelColour}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" width=\"{right}\" height=\"20\" fill=\"{colour}\"/>")
            .Append("<g fill=\"#ffffff\" text-anchor=\"middle\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{left / 2.0:0.#}\" y=\"14\">{l}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (right / 2.0):0.#}\" y=\"14\">{v}</text>")
            .Append("</g></svg>");
        return sb.ToString();
    }

    /// <summary>Verdana 11 px averages about 7 px a character; 10 px of padding either side.</summary>
    private static int Width(string text) => (int)Math.Ceiling(text.Length * 7.0) + 12;

    private static string Escape(string text) => SecurityElement.Escape(text);
}
