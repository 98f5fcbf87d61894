namespace Supawatch.Tests.Architecture;

/// <summary>
/// The sources' own connections, which no consumer may reach into (issue 27: data flows one way). A consumer reads
/// containers through <c>IDockerReaders</c> and instance metadata through <c>IInstanceMetadataSource</c>, both handed
/// to it; it never holds the Docker client library, discovery's per-host connections or the master DB's pool.
/// </summary>
public static class SourceConnections
{
    /// <summary>Type or namespace names (prefixes) a consumer must not depend on, each with why.</summary>
    public static readonly IReadOnlyList<(string Name, string What)> Forbidden =
    [
        ("Docker.DotNet", "the Docker client library (only Supawatch.Docker and discovery's connections use it)"),
        ("Supawatch.Discovery.DockerHostSet", "discovery's connection set (take IDockerReaders instead)"),
        ("Supawatch.Discovery.DockerHostConnection", "discovery's connection to one Docker host (take IDockerReaders instead)"),
        ("Supawatch.Discovery.DockerEventWatcher", "discovery's event stream of one Docker host"),
        ("Supawatch.MasterDb.MasterDbSource", "the master DB's connection pool (read the inventory, or take IInstanceMetadataSource)"),
    ];

    /// <summary>
    /// Npgsql in a consumer is for the tenant databases only (each instance's own <c>_db</c> container, with its own
    /// login): these types. Any other consumer type using Npgsql is reaching for a database connection of its own.
    /// </summary>
    public static readonly IReadOnlyList<string> TenantDatabaseClients =
    [
        "Supawatch.Health.PostgresProbe",
        "Supawatch.Metrics.TenantDbCollector",
        "Supawatch.Metrics.TenantDbCredentials",
        "Supawatch.Metrics.TenantDbQuery",
        "Supawatch.Metrics.TenantDbReasons",
        "Supawatch.Metrics.TenantDbSession",
        "Supawatch.Metrics.TenantDbStatus",
    ];

    /// <summary>Every namespace above the inventory: consumers, alerting and stack, validation and the host.</summary>
    public static IReadOnlyList<string> Consumers =>
        [.. Layers.Order.SkipWhile(l => l.Name != "inventory").Skip(1).SelectMany(l => l.Namespaces)];
}
