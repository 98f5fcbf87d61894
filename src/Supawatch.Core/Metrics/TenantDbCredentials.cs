using Npgsql;
using Supawatch.Docker;

namespace Supawatch.Metrics;

/// <summary>
/// One tenant database's login. A class whose <see cref="ToString"/> shows no password: it is never logged, served,
/// exported or written, and lives only in the collector's memory.
/// </summary>
public sealed class TenantDbCredentials(string user, string? password, string database)
{
    public string User => user;
    public string? Password => password;
    public string Database => database;

    /// <summary>
    /// The global variables over the container's own <c>POSTGRES_USER</c>/<c>POSTGRES_PASSWORD</c>/<c>POSTGRES_DB</c>;
    /// null when neither names a user (container reading off and no <c>SUPAWATCH_DB_USER</c>).
    /// </summary>
    /// <param name="container">The <c>_db</c> container's environment; null when it is not read.</param>
    public static TenantDbCredentials? Resolve(TenantDbOptions options, ContainerEnvironmentAnswer? container)
    {
        var user = Blank(options.User) ?? Blank(container?.Get("POSTGRES_USER"));
        if (user is null && container is not null)
        {
            // The official image's default superuser when POSTGRES_USER is not set.
            user = "postgres";
        }

        if (user is null)
        {
            return null;
        }

        var password = options.Password is { Length: > 0 } global ? global : container?.Get("POSTGRES_PASSWORD");
        var database = Blank(options.Database) ?? Blank(container?.Get("POSTGRES_DB")) ?? Blank(container?.Get("POSTGRES_USER")) ?? TenantDbOptions.DefaultDatabase;
        return new TenantDbCredentials(user, password, database);
    }

    /// <summary>
    /// A connection to one tenant database with this login: no pooling (one short connection per round or session; a
    /// pool would hold connections on every tenant between them), connect and command timeouts of
    /// <paramref name="timeout"/> in whole seconds (at least one). The caller adds what is its own.
    /// </summary>
    public NpgsqlConnectionStringBuilder ConnectionString(string host, int port, TimeSpan timeout, string applicationName)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        return new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = user,
            Password = password,
            Database = database,
            Pooling = false,
            Timeout = seconds,
            CommandTimeout = seconds,
            ApplicationName = applicationName,
        };
    }

    public bool SameAs(TenantDbCredentials other) =>
        user == other.User && password == other.Password && database == other.Database;

    public override string ToString() => $"user {user}, database {database}, password not shown";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
