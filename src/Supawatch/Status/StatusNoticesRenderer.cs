using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Supawatch.Status;

/// <summary>
/// The page's fragments for maintenance windows (a list with what is in progress first) and incident reports written by
/// people (each with its timeline, newest first). Everything an operator typed goes through <see cref="HtmlEncoder"/>,
/// line by line: markup in a note is shown as text. Renders nothing when there is nothing to say.
/// </summary>
public static class StatusNoticesRenderer
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <param name="orgId">Only what covers this organization, its instances or their hosts; null for everything.</param>
    /// <param name="hideIds">
    /// <c>SUPAWATCH_STATUS_HIDE_IDS</c> on a public page: an instance is named as on the page (its project, else
    /// "Instance N"), an organization by its name, a host not at all.
    /// </param>
    public static void Render(StringBuilder html, StatusDocument document, string language, string? orgId, bool hideIds)
    {
        var text = NoticeText.For(language);
        var covers = Scope(document, orgId);
        var subject = Subjects(document, StatusText.For(language), hideIds);
        var windows = document.Maintenance.Where(m => covers(m.TargetKind, m.TargetId)).ToList();
        var reports = document.IncidentReports.Where(r => covers(r.TargetKind, r.TargetId)).ToList();
        if (windows.Count > 0)
        {
            html.Append("<section id=\"maintenance\">\n<h2>").Append(E(text.ScheduledMaintenance)).Append("</h2>\n<ul>\n");
            foreach (var window in windows.OrderBy(w => w.Active ? 0 : 1).ThenBy(w => w.Start))
            {
                var id = window.Id.ToString(CultureInfo.InvariantCulture);
                html.Append("<li id=\"maintenance-").Append(id).Append("\" class=\"maintenance ").Append(window.Active ? "active" : "upcoming")
                    .Append("\"><strong>").Append(E(window.Active ? text.InProgress : text.Scheduled)).Append("</strong> · ")
                    .Append(E(text.Kind(window.TargetKind))).Append(subject(window.TargetKind, window.TargetId)).Append(" · ");
                Time(html, window.Start);
                html.Append(" – ");
                Time(html, window.End);
                if (window.Recurrence is { } cron)
                {
                    html.Append(" · ").Append(E(text.Recurring)).Append(" <code>").Append(E(cron)).Append("</code>");
                }

                if (window.Note.Length > 0)
                {
                    html.Append("<p class=\"note\">");
                    Lines(html, window.Note);
                    html.Append("</p>");
                }

                html.Append("</li>\n");
            }

            html.Append("</ul>\n</section>\n");
        }

        if (reports.Count > 0)
        {
            html.Append("<section id=\"reports\">\n<h2>").Append(E(text.IncidentReports)).Append("</h2>\n");
            foreach (var report in reports)
            {
                html.Append("<article id=\"report-").Append(report.Id.ToString(CultureInfo.InvariantCulture)).Append("\" class=\"report\" data-status=\"")
                    .Append(E(report.Status)).Append("\">\n<h3>").Append(E(report.Title)).Append("</h3>\n<p><strong>").Append(E(text.Stage(report.Status)))
                    .Append("</strong> · ").Append(E(text.Kind(report.TargetKind))).Append(subject(report.TargetKind, report.TargetId)).Append(" · ")
                    .Append(E(text.Opened)).Append(' ');
                Time(html, report.OpenedAt);
                html.Append("</p>\n<ol class=\"timeline\">\n");
                foreach (var update in report.Updates)
                {
                    html.Append("<li>");
                    Time(html, update.At);
                    html.Append(" <strong>").Append(E(text.Stage(update.Status))).Append("</strong><p>");
                    Lines(html, update.Message);
                    html.Append("</p></li>\n");
                }

                html.Append("</ol>\n</article>\n");
            }

            html.Append("</section>\n");
        }
    }

    /// <summary>What follows the kind's word: <c> &lt;code&gt;id&lt;/code&gt;</c>, or with hidden ids the public name (nothing for a host).</summary>
    private static Func<string, string, string> Subjects(StatusDocument document, StatusText text, bool hideIds)
    {
        if (!hideIds)
        {
            return static (_, id) => " <code>" + E(id) + "</code>";
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var organization in document.Organizations)
        {
            var position = 0;
            foreach (var instance in organization.Instances)
            {
                position++;
                names[instance.InstanceId] = instance.ProjectName ?? text.Instance + " " + position.ToString(CultureInfo.InvariantCulture);
            }
        }

        var orgNames = document.Organizations.Where(o => o.OrgId is not null)
            .ToDictionary(o => o.OrgId!, o => o.OrgName ?? o.OrgId!, StringComparer.Ordinal);
        return (kind, id) => kind switch
        {
            "instance" => " <strong>" + E(names.GetValueOrDefault(id, text.Instance)) + "</strong>",
            "org" => " <strong>" + E(orgNames.GetValueOrDefault(id, id)) + "</strong>",
            _ => "",
        };
    }

    private static Func<string, string, bool> Scope(StatusDocument document, string? orgId)
    {
        if (orgId is null)
        {
            return static (_, _) => true;
        }

        var instances = document.Organizations.Where(o => o.OrgId == orgId).SelectMany(o => o.Instances).ToList();
        var ids = instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var hosts = instances.Select(i => i.Host).ToHashSet(StringComparer.Ordinal);
        return (kind, id) => kind switch
        {
            "org" => id == orgId,
            "instance" => ids.Contains(id),
            _ => hosts.Contains(id),
        };
    }

    private static void Time(StringBuilder html, DateTimeOffset at) =>
        html.Append("<time datetime=\"").Append(StatusFormat.IsoTime(at)).Append("\">").Append(E(StatusFormat.Time(at))).Append("</time>");

    private static void Lines(StringBuilder html, string text)
    {
        var first = true;
        foreach (var line in text.Split('\n'))
        {
            if (!first)
            {
                html.Append("<br>");
            }

            html.Append(E(line));
            first = false;
        }
    }

    private static string E(string value) => Encoder.Encode(value);
}
