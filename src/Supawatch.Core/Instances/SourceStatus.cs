namespace Supawatch.Instances;

/// <summary>The health of one discovery source (one Docker host, its event stream, the master database).</summary>
/// <param name="Name">Stable source name: <c>docker</c>, <c>master_db</c>.</param>
/// <param name="Enabled">False when the source is not configured (e.g. no <c>MASTER_DB_URL</c>).</param>
/// <param name="Up">True when the last attempt succeeded.</param>
/// <param name="LastError">What went wrong and what to fix; never holds a secret.</param>
public sealed record SourceStatus(
    string Name,
    bool Enabled,
    bool Up,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastAttempt,
    string? LastError,
    long Errors)
{
    /// <summary>The Docker host this status is about (<c>docker</c>, <c>docker_events</c>); null for the master database.</summary>
    public string? Host { get; init; }

    public static SourceStatus Disabled(string name, string reason) => new(name, false, false, null, null, reason, 0);
    public static SourceStatus Pending(string name) => new(name, true, false, null, null, null, 0);

    public SourceStatus Succeeded(DateTimeOffset at) => this with { Up = true, LastSuccess = at, LastAttempt = at, LastError = null };

    public SourceStatus Failed(DateTimeOffset at, string error) =>
        this with { Up = false, LastAttempt = at, LastError = error, Errors = Errors + 1 };
}
