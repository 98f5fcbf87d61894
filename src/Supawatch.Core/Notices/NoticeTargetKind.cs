namespace Supawatch.Notices;

/// <summary>What a maintenance window or an incident report covers.</summary>
public enum NoticeTargetKind
{
    /// <summary>One instance, by its id (alert label <c>instance_id</c>).</summary>
    Instance,

    /// <summary>Every instance of an organization (alert label <c>org_id</c>).</summary>
    Organization,

    /// <summary>Every instance on a Docker host, by its <c>DOCKER_HOSTS</c> name (alert label <c>host</c>).</summary>
    Host,
}
