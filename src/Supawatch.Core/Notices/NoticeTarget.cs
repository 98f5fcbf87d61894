namespace Supawatch.Notices;

/// <summary>An instance, an organization or a host, by id (or <c>DOCKER_HOSTS</c> name).</summary>
public sealed record NoticeTarget(NoticeTargetKind Kind, string Id)
{
    /// <summary>The word used in the store, JSON and the CLI: <c>instance</c>, <c>org</c> or <c>host</c>.</summary>
    public string KindLabel => Label(Kind);

    /// <summary>The alert label that carries this kind of target (docs/alerting.md): a silence matches on it.</summary>
    public string AlertLabel => Kind switch
    {
        NoticeTargetKind.Instance => "instance_id",
        NoticeTargetKind.Organization => "org_id",
        _ => "host",
    };

    public static string Label(NoticeTargetKind kind) => kind switch
    {
        NoticeTargetKind.Instance => "instance",
        NoticeTargetKind.Organization => "org",
        _ => "host",
    };

    public static NoticeTargetKind? ParseKind(string? label) => label switch
    {
        "instance" => NoticeTargetKind.Instance,
        "org" or "organization" => NoticeTargetKind.Organization,
        "host" => NoticeTargetKind.Host,
        _ => null,
    };

    /// <summary>Whether an instance with these ids falls under this target.</summary>
    public bool Covers(string instanceId, string? orgId, string host) => Kind switch
    {
        NoticeTargetKind.Instance => string.Equals(Id, instanceId, StringComparison.Ordinal),
        NoticeTargetKind.Organization => string.Equals(Id, orgId, StringComparison.Ordinal),
        _ => string.Equals(Id, host, StringComparison.Ordinal),
    };

    public override string ToString() => $"{KindLabel} {Id}";
}
