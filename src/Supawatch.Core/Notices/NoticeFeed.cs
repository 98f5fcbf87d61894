using System.Globalization;
using System.Text;
using System.Xml;
using Supawatch.Instances;

namespace Supawatch.Notices;

/// <summary>
/// An organization's Atom feed (RFC 4287): one entry per incident report (its timeline as plain text) and one per
/// maintenance window that covers the organization, one of its instances or a host they run on. Every text is written
/// as <c>type="text"</c> through <see cref="XmlWriter"/>, so markup in a note is shown, never rendered.
/// </summary>
public static class NoticeFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    /// <summary>The feed's bytes; null when the organization is neither in the inventory nor named by a notice.</summary>
    /// <param name="hideIds">
    /// <c>SUPAWATCH_STATUS_HIDE_IDS</c>: instances are named by project ("instance N" without one, N their position as on
    /// the page), the organization by its name, a host as "a host" without its name.
    /// </param>
    public static byte[]? Build(string orgId, NoticeSnapshot notices, InventorySnapshot inventory, DateTimeOffset now, bool hideIds)
    {
        var members = inventory.Instances.Where(i => i.OrgId == orgId).ToList();
        var instanceIds = members.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var hosts = members.Select(i => i.Host).ToHashSet(StringComparer.Ordinal);
        bool Covers(NoticeTarget t) => t.Kind switch
        {
            NoticeTargetKind.Organization => t.Id == orgId,
            NoticeTargetKind.Instance => instanceIds.Contains(t.Id),
            _ => hosts.Contains(t.Id),
        };

        var incidents = notices.Incidents.Where(i => Covers(i.Target)).ToList();
        var windows = notices.Windows.Where(w => Covers(w.Target)).ToList();
        if (members.Count == 0 && incidents.Count == 0 && windows.Count == 0)
        {
            return null;
        }

        var orgName = members.Select(m => m.OrgName).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? orgId;
        var projects = members.Select((m, i) => (m.InstanceId, Name: m.ProjectName ?? "instance " + (i + 1).ToString(CultureInfo.InvariantCulture)))
            .ToDictionary(m => m.InstanceId, m => m.Name, StringComparer.Ordinal);
        string Subject(NoticeTarget t) => !hideIds ? t.ToString() : t.Kind switch
        {
            NoticeTargetKind.Instance => projects.GetValueOrDefault(t.Id, "an instance"),
            NoticeTargetKind.Organization => t.Id == orgId ? orgName : "an organization",
            _ => "a host",
        };

        var updated = incidents.Select(i => i.UpdatedAt).Concat(windows.Select(w => w.CreatedAt)).DefaultIfEmpty(now).Max();
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, CheckCharacters = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            xml.WriteAttributeString("xml", "lang", null, "en");
            xml.WriteElementString("id", $"urn:supawatch:org:{Uri.EscapeDataString(orgId)}");
            Text(xml, "title", $"{orgName}: incidents and maintenance");
            xml.WriteElementString("updated", Time(updated));
            xml.WriteStartElement("author");
            xml.WriteElementString("name", "Supawatch");
            xml.WriteEndElement();
            Link(xml, $"/status/org/{Uri.EscapeDataString(orgId)}");

            foreach (var incident in incidents)
            {
                xml.WriteStartElement("entry");
                xml.WriteElementString("id", $"urn:supawatch:incident:{incident.Id.ToString(CultureInfo.InvariantCulture)}");
                Text(xml, "title", $"[{incident.Stage.ToLabel()}] {incident.Title}");
                xml.WriteElementString("published", Time(incident.OpenedAt));
                xml.WriteElementString("updated", Time(incident.UpdatedAt));
                Link(xml, $"/status/org/{Uri.EscapeDataString(orgId)}#report-{incident.Id.ToString(CultureInfo.InvariantCulture)}");
                var timeline = new StringBuilder();
                timeline.Append(CultureInfo.InvariantCulture, $"{Subject(incident.Target)}\n");
                foreach (var update in incident.Updates.Reverse())
                {
                    timeline.Append(CultureInfo.InvariantCulture, $"\n{Time(update.At)} {update.Stage.ToLabel()}: {update.Message}\n");
                }

                Text(xml, "content", timeline.ToString());
                xml.WriteEndElement();
            }

            foreach (var window in windows)
            {
                var next = window.OccurrenceAt(now) ?? window.Occurrences(now, now + MaintenanceSchedule.OverlapHorizon).FirstOrDefault();
                xml.WriteStartElement("entry");
                xml.WriteElementString("id", $"urn:supawatch:maintenance:{window.Id.ToString(CultureInfo.InvariantCulture)}");
                Text(xml, "title", next is null
                    ? $"Maintenance of {Subject(window.Target)}"
                    : $"Maintenance of {Subject(window.Target)}: {Time(next.Start)} to {Time(next.End)}");
                xml.WriteElementString("published", Time(window.CreatedAt));
                xml.WriteElementString("updated", Time(window.CreatedAt));
                Link(xml, $"/status/org/{Uri.EscapeDataString(orgId)}#maintenance-{window.Id.ToString(CultureInfo.InvariantCulture)}");
                var summary = window.IsRecurring
                    ? $"Recurring ({window.Recurrence}, UTC), {window.Duration.TotalMinutes:0} min each{(window.Until is { } u ? $", until {Time(u)}" : "")}."
                    : $"From {Time(window.Start)} to {Time(window.Start + window.Duration)}.";
                Text(xml, "content", window.Note.Length == 0 ? summary : $"{summary}\n\n{window.Note}");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void Text(XmlWriter xml, string element, string value)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(value);
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string href)
    {
        xml.WriteStartElement("link");
        xml.WriteAttributeString("rel", "alternate");
        xml.WriteAttributeString("type", "text/html");
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
