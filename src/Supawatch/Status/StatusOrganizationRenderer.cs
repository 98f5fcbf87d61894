using System.Globalization;
using System.Text;
using Supawatch.Instances;
using static Supawatch.Status.StatusPageLayout;

namespace Supawatch.Status;

/// <summary>One organization's page (what a customer is sent): its state, uptime and day bars, incidents, each instance in full.</summary>
internal static class StatusOrganizationRenderer
{
    private const int BarDays = 90;

    /// <summary>One organization's page: its state, uptime and day bars, incidents, and each instance in full.</summary>
    /// <param name="view">From <see cref="StatusViews.Organization"/> (already without ids when they are hidden); null: not found.</param>
    internal static string Render(StatusDocument document, StatusOrganizationDocument? view, StatusText text, string orgId, DateTimeOffset now, bool hideIds)
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
        RenderNotices(html, document, orgId, text, hideIds);
        Banners(html, view.Problems, text);
        html.Append("<section class=\"org\" data-org-id=\"").Append(E(orgId)).Append("\" data-status=\"").Append(organization.Status.ToLabel())
            .Append("\" aria-labelledby=\"uptime-h\">\n<h2 id=\"uptime-h\">").Append(E(text.Uptime)).Append("</h2>\n");
        Uptime(html, organization.Uptime, text);
        Bars(html, organization.Days, text, now);
        if (organization.Slo is { } slo)
        {
            Budget(html, slo, text, "org-budget");
            html.Append("<p class=\"budget-note\">")
                .Append(E(string.Format(CultureInfo.InvariantCulture, text.BudgetWorst, slo.Exhausted, organization.Instances.Count))).Append("</p>\n");
        }

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

    internal static void Incidents(StringBuilder html, StatusIncidents incidents, StatusText text)
    {
        html.Append("<section id=\"incidents\" aria-labelledby=\"incidents-h\">\n<h2 id=\"incidents-h\">").Append(E(text.OpenIncidents)).Append("</h2>\n");
        IncidentList(html, [.. incidents.Open], text, text.NoOpenIncidents, "open-incidents");
        html.Append("<h2>").Append(E(text.RecentIncidents)).Append("</h2>\n");
        IncidentList(html, [.. incidents.Recent.Take(10)], text, text.NoRecentIncidents, "recent-incidents");
        html.Append("</section>\n");
    }

    internal static void IncidentList(StringBuilder html, List<StatusIncident> incidents, StatusText text, string empty, string id)
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

    internal static void Instance(StringBuilder html, StatusInstance instance, StatusText text, int position, DateTimeOffset now)
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
        if (instance.Slo is { } slo)
        {
            Budget(html, slo, text, id: null);
        }

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

    /// <summary>Objective, availability, budget left and burn rate over 30 days and 24 h (shown with <c>SUPAWATCH_STATUS_SLO</c>).</summary>
    internal static void Budget(StringBuilder html, StatusSlo slo, StatusText text, string? id)
    {
        html.Append("<dl class=\"uptime budget\"");
        if (id is not null)
        {
            html.Append(" id=\"").Append(id).Append('"');
        }

        html.Append(" data-budget-left=\"").Append(slo.BudgetLeft is { } left ? left.ToString("0.######", CultureInfo.InvariantCulture) : "")
            .Append("\" aria-label=\"").Append(E(text.ErrorBudget)).Append("\">");
        var burn = slo.BurnRate24h is { } b ? b.ToString("0.##", CultureInfo.InvariantCulture) + "×" : "–";
        foreach (var (label, value) in new[]
        {
            (text.Objective, StatusFormat.Percent(slo.Objective)),
            (text.Uptime + " 30 d", StatusFormat.Percent(slo.Availability30d)),
            (text.BudgetLeft, slo.BudgetLeft is { } l ? (l * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–"),
            (text.BurnRate24h, burn),
        })
        {
            html.Append("<div><dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>");
        }

        html.Append("</dl>\n");
    }

    internal static void Uptime(StringBuilder html, StatusUptime uptime, StatusText text)
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
    internal static void Bars(StringBuilder html, IReadOnlyList<StatusDay> days, StatusText text, DateTimeOffset now)
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
}
