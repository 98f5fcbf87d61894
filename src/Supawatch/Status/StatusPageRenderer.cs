using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>
/// Renders the status pages server-side: the fleet overview (organizations collapsed, problems first, searchable)
/// and one organization's page (what a customer is sent). Every value from outside (names, ids, causes) goes through
/// <see cref="HtmlEncoder"/>; the only script is <see cref="StatusStyle.Script"/> (local times), allowed by hash.
/// </summary>
public static class StatusPageRenderer
{
    private const int BarDays = 90;

    /// <summary>At most this many open incidents are listed on the overview (all are in the organizations' pages).</summary>
    public const int OverviewIncidents = 20;

    // All of Unicode stays readable ("São Paulo", "東京"); markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// The fleet overview: one collapsed entry per organization (state, uptime, counts; problems open), its instances
    /// as one table row each. About 150 bytes per instance, so 1,000 instances stay near 200 KB (docs/performance.md).
    /// </summary>
    /// <param name="hideIds">Leave instance ids and host names out (<c>SUPAWATCH_STATUS_HIDE_IDS</c> on a public overview).</param>
    public static string RenderOverview(StatusDocument document, StatusText text, StatusFilter filter, bool hideIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filter);
        var all = StatusViews.ProblemsFirst(document.Organizations);
        var shown = filter.IsEmpty ? all : [.. all.Where(o => filter.Matches(o, includeIds: !hideIds))];
        var html = new StringBuilder(4096 + (document.Counts.Up + document.Counts.Down + document.Counts.Degraded + document.Counts.Stopped + document.Counts.Unknown) * 160);
        Head(html, text, text.Title);
        Header(html, document, text, text.Title, kicker: null, document.Overall);
        html.Append("<main>\n");
        RenderNotices(html, document, orgId: null, text);
        Banners(html, document.Problems, text);
        if (!hideIds)
        {
            Hosts(html, document, text);
        }

        var counts = document.Counts;
        html.Append("<p id=\"counts\">").Append(E(string.Format(CultureInfo.InvariantCulture, text.FleetCounts,
            counts.Up + counts.Degraded + counts.Down + counts.Stopped + counts.Unknown, document.Organizations.Count,
            counts.Up, counts.Degraded, counts.Down, counts.Stopped, counts.Unknown))).Append("</p>\n");
        if (document.Organizations.Count == 0)
        {
            html.Append("<p id=\"no-instances\">").Append(E(text.NoInstances)).Append("</p>\n");
        }

        html.Append("<form class=\"filter\" method=\"get\" action=\"/status\" role=\"search\"><label for=\"q\">").Append(E(text.Search))
            .Append("</label> <input type=\"search\" id=\"q\" name=\"q\" maxlength=\"").Append(StatusFilter.MaxQueryLength.ToString(CultureInfo.InvariantCulture))
            .Append("\" value=\"").Append(E(filter.Query ?? "")).Append("\"> <label><input type=\"checkbox\" name=\"show\" value=\"problems\"")
            .Append(filter.ProblemsOnly ? " checked" : "").Append("> ").Append(E(text.OnlyProblems)).Append("</label> <input type=\"hidden\" name=\"lang\" value=\"")
            .Append(text.Language).Append("\"><button type=\"submit\">").Append(E(text.Filter)).Append("</button></form>\n");
        if (!filter.IsEmpty)
        {
            html.Append("<p id=\"filter-result\">").Append(E(string.Format(CultureInfo.InvariantCulture, text.Showing, shown.Count, all.Count)))
                .Append(" <a href=\"/status?lang=").Append(text.Language).Append("\">").Append(E(text.ShowAll)).Append("</a></p>\n");
        }

        OverviewIncidentList(html, document, text, hideIds);
        html.Append("<section id=\"organizations\" aria-labelledby=\"organizations-h\">\n<h2 id=\"organizations-h\">").Append(E(text.Organizations)).Append("</h2>\n");
        if (shown.Count == 0 && document.Organizations.Count > 0)
        {
            html.Append("<p id=\"no-match\">").Append(E(text.NoMatch)).Append("</p>\n");
        }

        foreach (var organization in shown)
        {
            OverviewOrganization(html, organization, text, hideIds, open: filter.Query is not null || StatusViews.Rank(organization.Status) <= StatusViews.Rank(HealthStatus.Degraded));
        }

        html.Append("</section>\n</main>\n");
        Footer(html, text, orgId: null);
        return html.ToString();
    }

    /// <summary>One organization's page: its state, uptime and day bars, incidents, and each instance in full.</summary>
    /// <param name="view">From <see cref="StatusViews.Organization"/> (already without ids when they are hidden); null: not found.</param>
    public static string RenderOrganization(StatusDocument document, StatusOrganizationDocument? view, StatusText text, string orgId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(text);
        if (view is null)
        {
            var html404 = new StringBuilder(2048);
            Head(html404, text, text.Title);
            Header(html404, document, text, text.Title, kicker: null, HealthStatus.Unknown);
            html404.Append("<main>\n<p id=\"not-found\">").Append(E(text.OrganizationNotFound)).Append("</p>\n</main>\n");
            Footer(html404, text, orgId);
            return html404.ToString();
        }

        var organization = view.Organization;
        var name = organization.OrgName ?? organization.OrgId ?? text.NoOrganization;
        var html = new StringBuilder(8192 + (organization.Instances.Count * 9000));
        Head(html, text, name + " – " + text.Title);
        Header(html, document, text, name, kicker: text.Title, organization.Status);
        html.Append("<main>\n");
        RenderNotices(html, document, orgId, text);
        Banners(html, view.Problems, text);
        html.Append("<section class=\"org\" data-org-id=\"").Append(E(orgId)).Append("\" data-status=\"").Append(organization.Status.ToLabel())
            .Append("\" aria-labelledby=\"uptime-h\">\n<h2 id=\"uptime-h\">").Append(E(text.Uptime)).Append("</h2>\n");
        Uptime(html, organization.Uptime, text);
        Bars(html, organization.Days, text, now);
        html.Append("</section>\n");
        Incidents(html, view.Incidents, text);
        html.Append("<section id=\"instances\" aria-labelledby=\"instances-h\">\n<h2 id=\"instances-h\">").Append(E(text.Projects)).Append("</h2>\n");
        var position = 0;
        foreach (var instance in organization.Instances)
        {
            position++;
            Instance(html, instance, text, position, now);
        }

        html.Append("</section>\n</main>\n");
        Footer(html, text, orgId);
        return html.ToString();
    }

    /// <summary>The page shown in place of the overview when <c>SUPAWATCH_STATUS_OVERVIEW=off</c>.</summary>
    public static string RenderUnavailable(StatusText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new StringBuilder(2048);
        Head(html, text, text.Title);
        html.Append("<header>\n<h1>").Append(E(text.Title)).Append("</h1>\n</header>\n<main>\n<p id=\"unavailable\">")
            .Append(E(text.OverviewUnavailable)).Append("</p>\n</main>\n");
        Footer(html, text, orgId: null);
        return html.ToString();
    }

    /// <summary>
    /// The place for maintenance banners and the incident timeline written by people (issue 24, maintenance and
    /// incidents): called right after the header on the overview (<paramref name="orgId"/> null) and on each
    /// organization's page. Writes nothing yet.
    /// </summary>
    /// <summary>Maintenance windows and incidents written by people (<see cref="StatusNoticesRenderer"/>).</summary>
    private static void RenderNotices(StringBuilder html, StatusDocument document, string? orgId, StatusText text) =>
        StatusNoticesRenderer.Render(html, document, text.Language, orgId);

    private static void Head(StringBuilder html, StatusText text, string title)
    {
        html.Append("<!doctype html>\n<html lang=\"").Append(text.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>").Append(StatusStyle.Css).Append("</style>\n</head>\n<body>\n");
    }

    private static void Header(StringBuilder html, StatusDocument document, StatusText text, string heading, string? kicker, HealthStatus overall)
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

    private static void Footer(StringBuilder html, StatusText text, string? orgId)
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

    private static void Banners(StringBuilder html, StatusProblems problems, StatusText text)
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

    private static void Hosts(StringBuilder html, StatusDocument document, StatusText text)
    {
        // With one host there is nothing to tell apart; with several, each host's state and instance count.
        if (document.Hosts.Count > 1 || document.Hosts.Any(h => !h.Up))
        {
            html.Append("<p class=\"hosts\" id=\"hosts\">").Append(E(text.Hosts)).Append(':');
            foreach (var host in document.Hosts)
            {
                html.Append(" <span class=\"host\" data-host=\"").Append(E(host.Name)).Append("\" data-up=\"").Append(host.Up ? "true" : "false").Append("\">")
                    .Append(E(host.Name)).Append(" (").Append(host.Instances.ToString(CultureInfo.InvariantCulture)).Append(") ")
                    .Append(E(host.Up ? text.Up : text.Down)).Append("</span>");
            }

            html.Append("</p>\n");
        }
    }

    private static void OverviewIncidentList(StringBuilder html, StatusDocument document, StatusText text, bool hideIds)
    {
        if (document.Incidents.Open.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"incidents\" aria-labelledby=\"incidents-h\">\n<h2 id=\"incidents-h\">").Append(E(text.OpenIncidents)).Append("</h2>\n");
        var incidents = document.Incidents.Open.Take(OverviewIncidents).Select(i => hideIds ? i with { InstanceId = "" } : i).ToList();
        IncidentList(html, incidents, text, text.NoOpenIncidents, "open-incidents");
        html.Append("</section>\n");
    }

    private static void OverviewOrganization(StringBuilder html, StatusOrganization organization, StatusText text, bool hideIds, bool open)
    {
        var name = organization.OrgName ?? organization.OrgId ?? text.NoOrganization;
        var counts = StatusViews.Count(organization.Instances);
        html.Append("<details class=\"org\"").Append(organization.OrgId is null ? "" : $" data-org-id=\"{E(organization.OrgId)}\"")
            .Append(" data-status=\"").Append(organization.Status.ToLabel()).Append('"').Append(open ? " open" : "").Append(">\n<summary><span class=\"name\">")
            .Append(E(name)).Append("</span> ");
        Badge(html, organization.Status, text);
        html.Append(" <span class=\"sum\">").Append(E(string.Format(CultureInfo.InvariantCulture, text.InstanceCount, organization.Instances.Count)));
        foreach (var (status, count) in new[] { (HealthStatus.Down, counts.Down), (HealthStatus.Degraded, counts.Degraded), (HealthStatus.Unknown, counts.Unknown) })
        {
            if (count > 0)
            {
                html.Append(" · ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(E(text.Name(status).ToLowerInvariant()));
            }
        }

        html.Append(" · ").Append(E(text.Uptime)).Append(" 24 h ").Append(E(StatusFormat.Percent(organization.Uptime.Last24Hours)))
            .Append(" · 30 d ").Append(E(StatusFormat.Percent(organization.Uptime.Last30Days))).Append("</span></summary>\n");
        if (organization.OrgId is not null)
        {
            html.Append("<p><a href=\"/status/org/").Append(E(Uri.EscapeDataString(organization.OrgId))).Append("?lang=").Append(text.Language).Append("\">")
                .Append(E(string.Format(CultureInfo.InvariantCulture, text.OrganizationPage, name))).Append("</a></p>\n");
        }

        html.Append("<table><thead><tr><th scope=\"col\">").Append(E(text.Project)).Append("</th><th scope=\"col\">").Append(E(text.StatusHeader))
            .Append("</th><th scope=\"col\">").Append(E(text.Uptime)).Append(" 24 h</th></tr></thead><tbody>\n");
        var position = 0;
        foreach (var instance in organization.Instances.OrderBy(i => StatusViews.Rank(i.Status)))
        {
            position++;
            html.Append("<tr");
            if (!hideIds)
            {
                html.Append(" data-instance-id=\"").Append(E(instance.InstanceId)).Append('"');
            }

            html.Append(" data-status=\"").Append(instance.Status.ToLabel()).Append("\"><td>").Append(E(DisplayName(instance, text, hideIds, position))).Append("</td><td>");
            Badge(html, instance.Status, text);
            if (!string.IsNullOrEmpty(instance.Cause) && instance.Status != HealthStatus.Up)
            {
                html.Append(" <span class=\"cause\">").Append(E(text.Cause(instance.Cause))).Append("</span>");
            }

            html.Append("</td><td>").Append(E(StatusFormat.Percent(instance.Uptime.Last24Hours))).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n</details>\n");
    }

    private static string DisplayName(StatusInstance instance, StatusText text, bool hideIds, int position) =>
        instance.ProjectName ?? (hideIds ? text.Instance + " " + position.ToString(CultureInfo.InvariantCulture) : instance.InstanceId);

    private static void Incidents(StringBuilder html, StatusIncidents incidents, StatusText text)
    {
        html.Append("<section id=\"incidents\" aria-labelledby=\"incidents-h\">\n<h2 id=\"incidents-h\">").Append(E(text.OpenIncidents)).Append("</h2>\n");
        IncidentList(html, [.. incidents.Open], text, text.NoOpenIncidents, "open-incidents");
        html.Append("<h2>").Append(E(text.RecentIncidents)).Append("</h2>\n");
        IncidentList(html, [.. incidents.Recent.Take(10)], text, text.NoRecentIncidents, "recent-incidents");
        html.Append("</section>\n");
    }

    private static void IncidentList(StringBuilder html, List<StatusIncident> incidents, StatusText text, string empty, string id)
    {
        if (incidents.Count == 0)
        {
            html.Append("<p id=\"").Append(id).Append("\">").Append(E(empty)).Append("</p>\n");
            return;
        }

        html.Append("<ul class=\"incidents\" id=\"").Append(id).Append("\">\n");
        foreach (var incident in incidents)
        {
            html.Append("<li");
            if (incident.InstanceId.Length > 0)
            {
                html.Append(" data-instance-id=\"").Append(E(incident.InstanceId)).Append('"');
            }

            html.Append("><strong>").Append(E(incident.ProjectName ?? (incident.InstanceId.Length > 0 ? incident.InstanceId : text.Instance))).Append("</strong> — ")
                .Append(E(text.Started)).Append(' ');
            Time(html, incident.StartedAt);
            html.Append(", ").Append(E(text.Ended)).Append(' ');
            if (incident.EndedAt is { } ended)
            {
                Time(html, ended);
            }
            else
            {
                html.Append(E(text.Ongoing));
            }

            html.Append(", ").Append(E(text.Duration)).Append(' ').Append(E(StatusFormat.Duration(incident.DurationSeconds)));
            if (!string.IsNullOrEmpty(incident.Cause))
            {
                html.Append(" <span class=\"cause\">(").Append(E(text.Cause(incident.Cause))).Append(")</span>");
            }

            html.Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static void Instance(StringBuilder html, StatusInstance instance, StatusText text, int position, DateTimeOffset now)
    {
        var hidden = instance.Host is null;
        html.Append("<article class=\"instance\" data-instance-id=\"").Append(E(instance.InstanceId))
            .Append("\" data-status=\"").Append(instance.Status.ToLabel()).Append("\">\n<h3 class=\"project\">")
            .Append(E(DisplayName(instance, text, hidden, position))).Append("</h3> ");
        Badge(html, instance.Status, text);
        html.Append("\n<p class=\"iid\">");
        if (!hidden)
        {
            html.Append(E(instance.InstanceId)).Append(" · ").Append(E(text.Host)).Append(' ').Append(E(instance.Host!)).Append(" · ");
        }

        html.Append(E(text.Since)).Append(' ');
        Time(html, instance.Since);
        html.Append(" · ").Append(E(text.ResponseTime)).Append(' ').Append(E(StatusFormat.Milliseconds(instance.ResponseMs))).Append("</p>\n");
        if (!string.IsNullOrEmpty(instance.Cause))
        {
            html.Append("<p class=\"cause\">").Append(E(text.Cause(instance.Cause))).Append("</p>\n");
        }

        Uptime(html, instance.Uptime, text);
        Bars(html, instance.Days, text, now);
        html.Append("<table class=\"components\"><thead><tr><th scope=\"col\">").Append(E(text.Component)).Append("</th><th scope=\"col\">")
            .Append(E(text.StatusHeader)).Append("</th><th scope=\"col\">").Append(E(text.ResponseTime)).Append("</th></tr></thead><tbody>\n");
        foreach (var component in instance.Components)
        {
            html.Append("<tr data-component=\"").Append(E(component.Component)).Append("\"><td>").Append(E(component.Component)).Append("</td><td>");
            Badge(html, component.Status, text);
            var reasons = string.Join(", ", component.Checks.Where(c => c.Status != HealthStatus.Up).Select(c => c.Reason).Distinct());
            if (reasons.Length > 0)
            {
                html.Append(" <span class=\"cause\">").Append(E(text.Cause(reasons))).Append("</span>");
            }

            html.Append("</td><td>").Append(E(StatusFormat.Milliseconds(component.ResponseMs))).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n</article>\n");
    }

    private static void Uptime(StringBuilder html, StatusUptime uptime, StatusText text)
    {
        html.Append("<dl class=\"uptime\">");
        foreach (var (label, value) in new[] { ("24 h", uptime.Last24Hours), ("7 d", uptime.Last7Days), ("30 d", uptime.Last30Days), ("90 d", uptime.Last90Days) })
        {
            html.Append("<div><dt>").Append(E(text.Uptime)).Append(' ').Append(label).Append("</dt><dd>").Append(E(StatusFormat.Percent(value))).Append("</dd></div>");
        }

        html.Append("</dl>\n");
    }

    /// <summary>
    /// The 90 day bars, drawn for the eye (a mouse shows each day's title), and the same days as a table in a
    /// disclosure right after them: one Tab stop opens it with Enter or Space, and a screen reader reads it as a table.
    /// </summary>
    private static void Bars(StringBuilder html, IReadOnlyList<StatusDay> days, StatusText text, DateTimeOffset now)
    {
        // Before the history holds anything, show 90 grey days ending today.
        var shown = days.Count > 0
            ? days.TakeLast(BarDays).ToList()
            : Enumerable.Range(0, BarDays)
                .Select(i => new StatusDay(now.UtcDateTime.Date.AddDays(i - BarDays + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), HealthStatus.Unknown, null))
                .ToList();
        html.Append("<div class=\"bars\" aria-hidden=\"true\">");
        foreach (var day in shown)
        {
            html.Append("<span class=\"bar s-").Append(day.Status.ToLabel()).Append("\" title=\"").Append(E(day.Date)).Append(": ")
                .Append(E(text.Name(day.Status))).Append(day.Uptime is null ? "" : " " + E(StatusFormat.Percent(day.Uptime))).Append("\"></span>");
        }

        html.Append("</div>\n<details class=\"days\"><summary>").Append(E(text.DayByDay)).Append("</summary><table><thead><tr><th scope=\"col\">")
            .Append(E(text.Day)).Append("</th><th scope=\"col\">").Append(E(text.StatusHeader)).Append("</th><th scope=\"col\">").Append(E(text.Uptime))
            .Append("</th></tr></thead><tbody>");
        for (var i = shown.Count - 1; i >= 0; i--)
        {
            var day = shown[i];
            html.Append("<tr><td>").Append(E(day.Date)).Append("</td><td>").Append(E(text.Name(day.Status))).Append("</td><td>")
                .Append(E(day.Uptime is null ? text.NoData : StatusFormat.Percent(day.Uptime))).Append("</td></tr>");
        }

        html.Append("</tbody></table></details>\n");
    }

    private static void Time(StringBuilder html, DateTimeOffset at) =>
        html.Append("<time datetime=\"").Append(StatusFormat.IsoTime(at)).Append("\">").Append(E(StatusFormat.Time(at))).Append("</time>");

    private static void Badge(StringBuilder html, HealthStatus status, StatusText text) =>
        html.Append("<span class=\"badge s-").Append(status.ToLabel()).Append("\">").Append(E(text.Name(status))).Append("</span>");

    private static string E(string value) => Encoder.Encode(value);
}
