namespace Supawatch.MasterDb;

/// <summary>
/// The default master-database schema and the query that reads it (docs/master-db.md).
/// <c>MASTER_DB_QUERY</c> replaces the query; it must return the same five columns, by name.
/// </summary>
public static class MasterDbQuery
{
    public const string Default = """
        SELECT p.instance_id::text   AS instance_id,
               o.id::text            AS org_id,
               o.name::text          AS org_name,
               p.name::text          AS project_name,
               p.status::text        AS expected_state
        FROM projects p
        LEFT JOIN organizations o ON o.id = p.organization_id
        """;

    /// <summary>The schema <see cref="Default"/> reads; tests and the docs use it.</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS organizations (
            id    text PRIMARY KEY,
            name  text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS projects (
            instance_id      text PRIMARY KEY,
            organization_id  text REFERENCES organizations (id),
            name             text,
            status           text NOT NULL DEFAULT 'active'
        );
        """;

    /// <summary>An optional sixth column: the instance's SLO class (a plan), whose objective <c>Slo:Classes</c> sets.</summary>
    public const string SloClassColumn = "slo_class";

    /// <summary>
    /// An optional column: the tenant's anon API key, for the API checks through Kong when <c>SUPAWATCH_API_KEY_SOURCE</c>
    /// lists <c>masterdb</c>. Never shown nor logged (<see cref="Instances.AnonKey"/>).
    /// </summary>
    public const string AnonKeyColumn = "anon_key";

    /// <summary>How a key read from <see cref="AnonKeyColumn"/> is named in reasons (never the key itself).</summary>
    public const string AnonKeySource = "the master DB's anon_key column";

    public static readonly string[] Columns = ["instance_id", "org_id", "org_name", "project_name", "expected_state"];
}
