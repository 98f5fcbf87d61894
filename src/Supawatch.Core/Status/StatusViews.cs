using System.Globalization;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>The overview and per-organization views of a <see cref="StatusDocument"/>, shared by the pages and their JSON.</summary>
public static class StatusViews
{
    /// <summary>Problems first: down, degraded, unknown, then up, then stopped.</summary>
    public static int Rank(HealthStatus status) => status switch
    {
        HealthStatus.Down => 0,
        HealthStatus.Degraded => 1,
        HealthStatus.Unknown => 2,
        HealthStatus.Up => 3,
        _ => 4,
    };

    public static StatusCounts Count(IEnumerable<StatusInstance> instances)
    {
        int up = 0, degraded = 0, down = 0, stopped = 0, unknown = 0;
        foreach (var instance in instances)
        {
            switch (instance.Status)
            {
                case HealthStatus.Up: up++; break;
                case HealthStatus.Degraded: degraded++; break;
                case HealthStatus.Down: down++; break;
                case HealthStatus.Stopped: stopped++; break;
                default: unknown++; break;
            }
        }

        return new StatusCounts(up, degraded, down, stopped, unknown);
    }

    /// <summary>Every organization, problems first, then by name.</summary>
    public static IReadOnlyList<StatusOrganization> ProblemsFirst(IEnumerable<StatusOrganization> organizations) =>
        [.. organizations.OrderBy(o => Rank(o.Status)).ThenBy(o => o.OrgId is null ? 1 : 0).ThenBy(o => o.OrgName ?? o.OrgId, StringComparer.OrdinalIgnoreCase)];

    public static StatusOverviewDocument Overview(StatusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new StatusOverviewDocument(
            document.SchemaVersion,
            document.GeneratedAt,
            document.LastCheckAt,
            document.Round,
            document.IntervalSeconds,
            document.Overall,
            document.Counts,
            document.Problems,
            [.. ProblemsFirst(document.Organizations).Select(o => new StatusOrganizationSummary(o.OrgId, o.OrgName, o.Status, o.Uptime, Count(o.Instances)))]);
    }

    /// <summary>The organization <paramref name="orgId"/>, or null when the document has none by that id.</summary>
    public static StatusOrganizationDocument? Organization(StatusDocument document, string orgId, bool hideIds)
    {
        ArgumentNullException.ThrowIfNull(document);
        var organization = document.Organizations.FirstOrDefault(o => o.OrgId == orgId);
        if (organization is null)
        {
            return null;
        }

        var ids = organization.Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var incidents = new StatusIncidents(
            [.. document.Incidents.Open.Where(i => ids.Contains(i.InstanceId))],
            [.. document.Incidents.Recent.Where(i => ids.Contains(i.InstanceId))]);
        if (hideIds)
        {
            (organization, incidents) = Redact(organization, incidents);
        }

        return new StatusOrganizationDocument(
            document.SchemaVersion,
            document.GeneratedAt,
            document.LastCheckAt,
            document.Round,
            document.IntervalSeconds,
            document.Problems,
            organization,
            incidents);
    }

    /// <summary>Instance ids become <c>instance-N</c> (position in the organization), hosts are dropped.</summary>
    public static (StatusOrganization Organization, StatusIncidents Incidents) Redact(StatusOrganization organization, StatusIncidents incidents)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(incidents);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instance in organization.Instances)
        {
            aliases[instance.InstanceId] = "instance-" + (aliases.Count + 1).ToString(CultureInfo.InvariantCulture);
        }

        string Alias(string id) => aliases.GetValueOrDefault(id, "instance");
        return (
            organization with { Instances = [.. organization.Instances.Select(i => i with { InstanceId = Alias(i.InstanceId), Host = null })] },
            new StatusIncidents(
                [.. incidents.Open.Select(i => i with { InstanceId = Alias(i.InstanceId) })],
                [.. incidents.Recent.Select(i => i with { InstanceId = Alias(i.InstanceId) })]));
    }
}
