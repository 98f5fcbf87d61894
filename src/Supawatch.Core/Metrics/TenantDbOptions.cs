namespace Supawatch.Metrics;

/// <summary>
/// Credentials for the tenants' own <c>_db</c> containers. Section <c>TenantDb</c>. Without a user, database
/// connection series are absent rather than zero.
/// </summary>
public sealed class TenantDbOptions
{
    public const string Section = "TenantDb";

    /// <summary><c>SUPAWATCH_DB_USER</c>: a role that may read <c>pg_stat_activity</c> (e.g. one with pg_monitor).</summary>
    public string? User { get; set; }

    /// <summary><c>SUPAWATCH_DB_PASSWORD</c>: a secret.</summary>
    public string? Password { get; set; }

    /// <summary><c>SUPAWATCH_DB_NAME</c>: the database to connect to.</summary>
    public string Database { get; set; } = "postgres";

    /// <summary>The container port PostgreSQL listens on inside the <c>_db</c> container.</summary>
    public int Port { get; set; } = 5432;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public int Concurrency { get; set; } = 8;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(User);
}
