using Microsoft.Extensions.Configuration;

namespace Supawatch.Metrics;

/// <summary>
/// How Supawatch reads the tenants' own <c>_db</c> databases. Section <c>TenantDb</c>. Each tenant's credentials come from
/// its <c>_db</c> container's <c>POSTGRES_USER</c>/<c>POSTGRES_PASSWORD</c>/<c>POSTGRES_DB</c>; the global variables, when
/// set, override them for every tenant.
/// </summary>
public sealed class TenantDbOptions
{
    public const string Section = "TenantDb";

    /// <summary>The <c>TenantDb</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static TenantDbOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<TenantDbOptions>() ?? new();

    /// <summary>The database a tenant without <c>POSTGRES_DB</c> (and without <c>SUPAWATCH_DB_NAME</c>) is read in.</summary>
    public const string DefaultDatabase = "postgres";

    /// <summary><c>SUPAWATCH_DB_USER</c>: a role that may read <c>pg_stat_activity</c> (e.g. one with pg_monitor); overrides each container's.</summary>
    public string? User { get; set; }

    /// <summary><c>SUPAWATCH_DB_PASSWORD</c>: a secret; overrides each container's.</summary>
    public string? Password { get; set; }

    /// <summary><c>SUPAWATCH_DB_NAME</c>: the database to connect to; overrides each container's <c>POSTGRES_DB</c>.</summary>
    public string? Database { get; set; }

    /// <summary>
    /// <c>SUPAWATCH_DB_FROM_CONTAINER</c>: read each <c>_db</c> container's environment for its credentials (default true).
    /// Off, only the global variables are used, and without <c>SUPAWATCH_DB_USER</c> no tenant database is read.
    /// </summary>
    public bool FromContainer { get; set; } = true;

    /// <summary>The container port PostgreSQL listens on inside the <c>_db</c> container.</summary>
    public int Port { get; set; } = 5432;

    /// <summary><c>SUPAWATCH_DB_INTERVAL</c>: time between two sweeps of every tenant database.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>SUPAWATCH_DB_TIMEOUT</c>: connect and statement timeout of one tenant database read.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>SUPAWATCH_DB_CONCURRENCY</c>: tenant databases read at once.</summary>
    public int Concurrency { get; set; } = 16;

    public bool IsEnabled => FromContainer || !string.IsNullOrWhiteSpace(User);

    /// <summary>The database name for the health probe, which has no container to read.</summary>
    public string DatabaseOrDefault => string.IsNullOrWhiteSpace(Database) ? DefaultDatabase : Database;
}
