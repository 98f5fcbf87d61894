using System.Globalization;
using System.Text;
using Supawatch.Instances;
using static Supawatch.Status.StatusPageLayout;

namespace Supawatch.Status;

/// <summary>
/// The fleet overview: one collapsed entry per organization (state, uptime, counts; problems open), searchable, its
/// instances as one table row each, no day bars (those are on the organization pages).
/// </summary>
internal static class StatusOverviewRenderer
{
    /// <summary>
    /// The fleet overview: one collapsed entry per organization (state, uptime, counts; problems open), its instances
    /// as one table row each. About 150 bytes per instance, so 1,000 instances stay near 200 KB (docs/performance.md).
    /// </summary>
    /// <param name="hideIds">Leave instance ids and host names out (<c>SUPAWATCH_STATUS_HIDE_IDS</c> on a public overview).</param>
    internal static string Render(StatusDocument document, StatusText text, StatusFilter filter, bool hideIds, DateTimeOffset now)
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
        RenderNotices(html, document, orgId: null, text, hideIds);
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
        var incidents = document.Incidents.Open.Take(StatusPageRenderer.OverviewIncidents).Select(i => hideIds ? i with { InstanceId = "" } : i).ToList();
        StatusOrganizationRenderer.IncidentList(html, incidents, text, text.NoOpenIncidents, "open-incidents");
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
}
