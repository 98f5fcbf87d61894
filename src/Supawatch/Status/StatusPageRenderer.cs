using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>
/// Renders the status page server-side. Every value from outside (project and organization names, ids,
/// causes) goes through <see cref="HtmlEncoder"/>; the page has no script and refreshes itself with a meta tag.
/// </summary>
public static class StatusPageRenderer
{
    private const int BarDays = 90;

    /// <summary>
    /// Above this many instances the overview draws 90 bars per organization only (each instance keeps its
    /// uptime figures); the organization's own page always draws them per instance. 90 bars are ~7 KB of
    /// markup, so a 1,000-instance overview would otherwise weigh several megabytes.
    /// </summary>
    public const int MaxInstancesWithBars = 100;

    // All of Unicode stays readable ("São Paulo", "東京"); markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <param name="orgId">Render only this organization; null for all.</param>
    public static string Render(StatusDocument document, StatusText text, string? orgId, DateTimeOffset now)
    {
        var organizations = orgId is null
            ? document.Organizations
            : document.Organizations.Where(o => o.OrgId == orgId).ToList();
        var instanceIds = organizations.SelectMany(o => o.Instances).Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var overall = orgId is null ? document.Overall : (organizations.Count > 0 ? organizations[0].Status : HealthStatus.Unknown);
        var refresh = (int)Math.Clamp(document.IntervalSeconds, 10, 300);

        var html = new StringBuilder(16_384);
        html.Append("<!doctype html>\n<html lang=\"").Append(text.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"refresh\" content=\"").Append(refresh.ToString(CultureInfo.InvariantCulture)).Append("\">\n")
            .Append("<title>").Append(E(text.Title));
        if (orgId is not null && organizations.Count > 0)
        {
            html.Append(" – ").Append(E(organizations[0].OrgName ?? organizations[0].OrgId ?? ""));
        }

        html.Append("</title>\n<style>").Append(StatusStyle.Css).Append("</style>\n</head>\n<body>\n<header>\n")
            .Append("<h1>").Append(E(text.Title)).Append("</h1>\n")
            .Append("<p class=\"overall s-").Append(overall.ToLabel()).Append("\" id=\"overall\" data-status=\"").Append(overall.ToLabel()).Append("\">")
            .Append(E(text.Overall(overall))).Append("</p>\n")
            .Append("<p class=\"meta\">").Append(E(text.LastCheck)).Append(": <time id=\"last-check\"")
            .Append(document.LastCheckAt is { } at ? $" datetime=\"{StatusFormat.IsoTime(at)}\">{E(StatusFormat.Time(at))}" : ">" + E(text.Never))
            .Append("</time> · ").Append(E(string.Format(CultureInfo.InvariantCulture, text.RefreshesEvery, refresh))).Append("</p>\n</header>\n");

        Banners(html, document, text);
        StatusNoticesRenderer.Render(html, document, text.Language, orgId);
        if (orgId is not null && organizations.Count == 0)
        {
            html.Append("<p id=\"not-found\">").Append(E(text.OrganizationNotFound)).Append("</p>\n");
        }
        else if (document.Organizations.Count == 0)
        {
            html.Append("<p id=\"no-instances\">").Append(E(text.NoInstances)).Append("</p>\n");
        }

        Incidents(html, document, text, instanceIds, now);
        var instanceBars = orgId is not null || instanceIds.Count <= MaxInstancesWithBars;
        foreach (var organization in organizations)
        {
            Organization(html, organization, text, linkToOrg: orgId is null, instanceBars, now);
        }

        html.Append("<footer>");
        if (orgId is not null)
        {
            html.Append("<a href=\"/status\">").Append(E(text.AllOrganizations)).Append("</a> · ");
        }

        html.Append("<a href=\"?lang=en\" hreflang=\"en\">English</a> · <a href=\"?lang=pt-BR\" hreflang=\"pt-BR\">Português</a> · ")
            .Append("<a href=\"/status/api/status.json\">status.json</a></footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Banners(StringBuilder html, StatusDocument document, StatusText text)
    {
        if (!document.Problems.HistoryOk)
        {
            html.Append("<p class=\"banner\" role=\"alert\" id=\"history-banner\">").Append(E(text.HistoryUnavailable)).Append("</p>\n");
        }

        if (document.Problems.FailingSources.Count > 0)
        {
            var sources = string.Join(", ", document.Problems.FailingSources);
            html.Append("<p class=\"banner\" role=\"alert\" id=\"discovery-banner\">")
                .Append(E(string.Format(CultureInfo.InvariantCulture, text.DiscoveryFailing, sources))).Append("</p>\n");
        }

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

    private static void Incidents(StringBuilder html, StatusDocument document, StatusText text, HashSet<string> instanceIds, DateTimeOffset now)
    {
        var open = document.Incidents.Open.Where(i => instanceIds.Contains(i.InstanceId)).ToList();
        var recent = document.Incidents.Recent.Where(i => instanceIds.Contains(i.InstanceId)).Take(10).ToList();
        html.Append("<section id=\"incidents\">\n<h2>").Append(E(text.OpenIncidents)).Append("</h2>\n");
        IncidentList(html, open, text, text.NoOpenIncidents, "open-incidents");
        html.Append("<h2>").Append(E(text.RecentIncidents)).Append("</h2>\n");
        IncidentList(html, recent, text, text.NoRecentIncidents, "recent-incidents");
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
            html.Append("<li data-instance-id=\"").Append(E(incident.InstanceId)).Append("\"><strong>")
                .Append(E(incident.ProjectName ?? incident.InstanceId)).Append("</strong> — ")
                .Append(E(text.Started)).Append(' ').Append(E(StatusFormat.Time(incident.StartedAt))).Append(", ")
                .Append(E(text.Ended)).Append(' ').Append(E(incident.EndedAt is null ? text.Ongoing : StatusFormat.Time(incident.EndedAt))).Append(", ")
                .Append(E(text.Duration)).Append(' ').Append(E(StatusFormat.Duration(incident.DurationSeconds)));
            if (!string.IsNullOrEmpty(incident.Cause))
            {
                html.Append(" <span class=\"cause\">(").Append(E(incident.Cause)).Append(")</span>");
            }

            html.Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static void Organization(StringBuilder html, StatusOrganization organization, StatusText text, bool linkToOrg, bool instanceBars, DateTimeOffset now)
    {
        var name = organization.OrgName ?? organization.OrgId ?? text.NoOrganization;
        html.Append("<section class=\"org\"").Append(organization.OrgId is null ? "" : $" data-org-id=\"{E(organization.OrgId)}\"").Append(">\n<h2>");
        if (linkToOrg && organization.OrgId is not null)
        {
            html.Append("<a href=\"/status/org/").Append(E(Uri.EscapeDataString(organization.OrgId))).Append("\">").Append(E(name)).Append("</a>");
        }
        else
        {
            html.Append(E(name));
        }

        html.Append(' ');
        Badge(html, organization.Status, text);
        html.Append("</h2>\n");
        Uptime(html, organization.Uptime, text);
        if (!instanceBars)
        {
            Bars(html, organization.Days, text, now);
        }

        foreach (var instance in organization.Instances)
        {
            Instance(html, instance, text, instanceBars, now);
        }

        html.Append("</section>\n");
    }

    private static void Instance(StringBuilder html, StatusInstance instance, StatusText text, bool bars, DateTimeOffset now)
    {
        html.Append("<article class=\"instance\" data-instance-id=\"").Append(E(instance.InstanceId))
            .Append("\" data-status=\"").Append(instance.Status.ToLabel()).Append("\">\n<h3 class=\"project\">")
            .Append(E(instance.ProjectName ?? instance.InstanceId)).Append("</h3> ");
        Badge(html, instance.Status, text);
        html.Append("\n<p class=\"iid\">").Append(E(instance.InstanceId)).Append(" · ").Append(E(text.Host)).Append(' ').Append(E(instance.Host))
            .Append(" · ").Append(E(text.Since)).Append(' ')
            .Append(E(StatusFormat.Time(instance.Since))).Append(" · ").Append(E(text.ResponseTime)).Append(' ')
            .Append(E(StatusFormat.Milliseconds(instance.ResponseMs))).Append("</p>\n");
        if (!string.IsNullOrEmpty(instance.Cause))
        {
            html.Append("<p class=\"cause\">").Append(E(instance.Cause)).Append("</p>\n");
        }

        Uptime(html, instance.Uptime, text);
        if (bars)
        {
            Bars(html, instance.Days, text, now);
        }

        html.Append("<table class=\"components\"><thead><tr><th>").Append(E(text.Component)).Append("</th><th>")
            .Append(E(text.StatusHeader)).Append("</th><th>").Append(E(text.ResponseTime)).Append("</th></tr></thead><tbody>\n");
        foreach (var component in instance.Components)
        {
            html.Append("<tr data-component=\"").Append(E(component.Component)).Append("\"><td>").Append(E(component.Component)).Append("</td><td>");
            Badge(html, component.Status, text);
            var reasons = string.Join(", ", component.Checks.Where(c => c.Status != HealthStatus.Up).Select(c => c.Reason).Distinct());
            if (reasons.Length > 0)
            {
                html.Append(" <span class=\"cause\">").Append(E(reasons)).Append("</span>");
            }

            html.Append("</td><td>").Append(E(StatusFormat.Milliseconds(component.ResponseMs))).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n</article>\n");
    }

    private static void Uptime(StringBuilder html, StatusUptime uptime, StatusText text)
    {
        html.Append("<dl class=\"uptime\" aria-label=\"").Append(E(text.Uptime)).Append("\">");
        foreach (var (label, value) in new[] { ("24 h", uptime.Last24Hours), ("7 d", uptime.Last7Days), ("30 d", uptime.Last30Days), ("90 d", uptime.Last90Days) })
        {
            html.Append("<div><dt>").Append(E(text.Uptime)).Append(' ').Append(label).Append("</dt><dd>").Append(E(StatusFormat.Percent(value))).Append("</dd></div>");
        }

        html.Append("</dl>\n");
    }

    private static void Bars(StringBuilder html, IReadOnlyList<StatusDay> days, StatusText text, DateTimeOffset now)
    {
        // Before the history holds anything, show 90 grey days ending today.
        var shown = days.Count > 0
            ? days.TakeLast(BarDays).ToList()
            : Enumerable.Range(0, BarDays)
                .Select(i => new StatusDay(now.UtcDateTime.Date.AddDays(i - BarDays + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), HealthStatus.Unknown, null))
                .ToList();
        html.Append("<div class=\"bars\" role=\"img\" aria-label=\"").Append(E(text.Uptime)).Append(", ").Append(E(text.Last90Days)).Append("\">");
        foreach (var day in shown)
        {
            html.Append("<span class=\"bar s-").Append(day.Status.ToLabel()).Append("\" title=\"").Append(E(day.Date)).Append(": ")
                .Append(E(text.Name(day.Status))).Append(day.Uptime is null ? "" : " " + E(StatusFormat.Percent(day.Uptime))).Append("\"></span>");
        }

        html.Append("</div>\n");
    }

    private static void Badge(StringBuilder html, HealthStatus status, StatusText text) =>
        html.Append("<span class=\"badge s-").Append(status.ToLabel()).Append("\">").Append(E(text.Name(status))).Append("</span>");

    private static string E(string value) => Encoder.Encode(value);
}
