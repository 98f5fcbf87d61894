using System.Globalization;

namespace Supawatch.Status;

/// <summary>
/// The whole status document without instance ids and host names, for <c>/status/api/status.json</c> on a public
/// overview with <c>SUPAWATCH_STATUS_HIDE_IDS</c>: ids become <c>instance-N</c> (position in the organization, as in the
/// organization JSON), hosts are dropped, and notices on a host name none.
/// </summary>
public static class StatusRedaction
{
    public static StatusDocument Redact(StatusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var organization in document.Organizations)
        {
            var position = 0;
            foreach (var instance in organization.Instances)
            {
                aliases[instance.InstanceId] = "instance-" + (++position).ToString(CultureInfo.InvariantCulture);
            }
        }

        string Alias(string id) => aliases.GetValueOrDefault(id, "instance");
        string Target(string kind, string id) => kind switch
        {
            "instance" => Alias(id),
            "host" => "",
            _ => id,
        };

        return document with
        {
            Organizations = [.. document.Organizations.Select(o => o with
            {
                Instances = [.. o.Instances.Select(i => i with { InstanceId = Alias(i.InstanceId), Host = null })],
            })],
            Incidents = new StatusIncidents(
                [.. document.Incidents.Open.Select(i => i with { InstanceId = Alias(i.InstanceId) })],
                [.. document.Incidents.Recent.Select(i => i with { InstanceId = Alias(i.InstanceId) })]),
            Hosts = [],
            Maintenance = [.. document.Maintenance.Select(m => m with { TargetId = Target(m.TargetKind, m.TargetId) })],
            IncidentReports = [.. document.IncidentReports.Select(r => r with { TargetId = Target(r.TargetKind, r.TargetId) })],
        };
    }

    /// <summary>The document without error budgets, for public pages and JSON unless <c>SUPAWATCH_STATUS_SLO=true</c>.</summary>
    public static StatusDocument WithoutSlo(StatusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document with { Organizations = [.. document.Organizations.Select(WithoutSlo)] };
    }

    /// <summary>An organization and its instances without error budgets.</summary>
    public static StatusOrganization WithoutSlo(StatusOrganization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return organization with { Slo = null, Instances = [.. organization.Instances.Select(i => i with { Slo = null })] };
    }
}
