namespace Supawatch.Status;

/// <summary>
/// <c>/status/org/{org_id}.json</c>: one organization's page as data (its instances, day bars and incidents);
/// with <c>SUPAWATCH_STATUS_HIDE_IDS</c> its instance ids read <c>instance-N</c> and hosts are left out.
/// </summary>
public sealed record StatusOrganizationDocument(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    DateTimeOffset? LastCheckAt,
    long Round,
    double IntervalSeconds,
    StatusProblems Problems,
    StatusOrganization Organization,
    StatusIncidents Incidents);
