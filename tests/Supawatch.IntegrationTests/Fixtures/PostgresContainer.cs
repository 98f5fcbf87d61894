namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>A real PostgreSQL server in a container (a tenant's <c>_db</c>), published on 127.0.0.1.</summary>
public sealed record PostgresContainer(string Id, string Name, int HostPort)
{
    /// <summary>Npgsql connection string; the server trusts host connections, so there is no password.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={HostPort};Username=postgres;Database=postgres;Timeout=5";

    /// <summary>The same server as a libpq URL.</summary>
    public string Url => $"postgresql://postgres@127.0.0.1:{HostPort}/postgres";
}
