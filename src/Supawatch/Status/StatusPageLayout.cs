using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>
/// The parts every status page shares: head (style), header (state, last check, refresh switch, time zone), footer
/// (languages, JSON link, the one script), banners, badges and times. Every value from outside goes through
/// <see cref="HtmlEncoder"/> (<see cref="E"/>).
/// </summary>
internal static class StatusPageLayout
{
    // All of Unicode stays readable ("São Paulo", "東京"); markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// Maintenance windows and incidents written by people (<see cref="StatusNoticesRenderer"/>), right under the header
    /// of both pages; <paramref name="orgId"/> null on the overview.
    /// </summary>
    internal static void RenderNotices(StringBuilder html, StatusDocument document, string? orgId, StatusText text, bool hideIds) =>
        StatusNoticesRenderer.Render(html, document, text.Language, orgId, hideIds);

    internal static void Head(StringBuilder html, StatusText text, string title)
    {
        html.Append("<!doctype html>\n<html lang=\"").Append(text.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>").Append(StatusStyle.Css).Append("</style>\n</head>\n<body>\n");
    }

    internal static void Header(StringBuilder html, StatusDocument document, StatusText text, string heading, string? kicker, HealthStatus overall)
    {
        var refresh = (int)Math.Clamp(document.IntervalSeconds, 10, 300);
        html.Append("<header>\n");
        if (document.Notice is { } notice)
        {
            html.Append("<p class=\"notice\" id=\"notice\" role=\"note\">").Append(E(notice)).Append("</p>\n");
        }

        if (kicker is not null)
        {
            html.Append("<p class=\"kicker\">").Append(E(kicker)).Append("</p>\n");
        }

        html.Append("<h1>").Append(E(heading)).Append("</h1>\n")
            .Append("<p class=\"overall s-").Append(overall.ToLabel()).Append("\" id=\"overall\" data-status=\"").Append(overall.ToLabel()).Append("\">")
            .Append(E(text.Overall(overall))).Append("</p>\n")
            .Append("<p class=\"meta\">").Append(E(text.LastCheck)).Append(": ");
        if (document.LastCheckAt is { } at)
        {
            html.Append("<time id=\"last-check\" datetime=\"").Append(StatusFormat.IsoTime(at)).Append("\">").Append(E(StatusFormat.Time(at))).Append("</time>");
        }
        else
        {
            html.Append("<time id=\"last-check\">").Append(E(text.Never)).Append("</time>");
        }

        // Refreshing is the reader's choice (WCAG 2.2.1): the script shows this switch, on by default, and remembers
        // it for the tab; without script the page does not refresh itself.
        html.Append(" <span id=\"auto-refresh\" hidden>· <label><input type=\"checkbox\" id=\"auto\" checked data-seconds=\"")
            .Append(refresh.ToString(CultureInfo.InvariantCulture)).Append("\"> ")
            .Append(E(string.Format(CultureInfo.InvariantCulture, text.RefreshesEvery, refresh))).Append("</label></span>")
            .Append(" · <span id=\"tz\" data-local=\"").Append(E(text.TimesLocal)).Append("\">").Append(E(text.TimesUtc)).Append("</span></p>\n</header>\n");
    }

    internal static void Footer(StringBuilder html, StatusText text, string? orgId)
    {
        html.Append("<footer>");
        var json = "/status/api/status.json";
        if (orgId is not null)
        {
            html.Append("<a href=\"/status\">").Append(E(text.AllOrganizations)).Append("</a> · ");
            json = "/status/org/" + Uri.EscapeDataString(orgId) + ".json";
        }

        html.Append("<a href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a> · <a href=\"?lang=pt-BR\" hreflang=\"pt-BR\" lang=\"pt-BR\">Português</a> · ")
            .Append("<a href=\"").Append(E(json)).Append("\">JSON</a></footer>\n<script>").Append(StatusStyle.Script).Append("</script>\n</body>\n</html>\n");
    }

    internal static void Banners(StringBuilder html, StatusProblems problems, StatusText text)
    {
        if (!problems.HistoryOk)
        {
            html.Append("<p class=\"banner\" role=\"alert\" id=\"history-banner\">").Append(E(text.HistoryUnavailable)).Append("</p>\n");
        }

        if (problems.FailingSources.Count > 0)
        {
            var sources = string.Join(", ", problems.FailingSources);
            html.Append("<p class=\"banner\" role=\"alert\" id=\"discovery-banner\">")
                .Append(E(string.Format(CultureInfo.InvariantCulture, text.DiscoveryFailing, sources))).Append("</p>\n");
        }
    }

    internal static string DisplayName(StatusInstance instance, StatusText text, bool hideIds, int position) =>
        instance.ProjectName ?? (hideIds ? text.Instance + " " + position.ToString(CultureInfo.InvariantCulture) : instance.InstanceId);

    internal static void Time(StringBuilder html, DateTimeOffset at) =>
        html.Append("<time datetime=\"").Append(StatusFormat.IsoTime(at)).Append("\">").Append(E(StatusFormat.Time(at))).Append("</time>");

    internal static void Badge(StringBuilder html, HealthStatus status, StatusText text) =>
        html.Append("<span class=\"badge s-").Append(status.ToLabel()).Append("\">").Append(E(text.Name(status))).Append("</span>");

    internal static string E(string value) => Encoder.Encode(value);
}
