namespace Supawatch.Health;

/// <summary>The kinds of check (the <c>check</c> label): a bounded set.</summary>
public static class CheckNames
{
    /// <summary>An HTTP request to a published port (Kong, Studio).</summary>
    public const string Http = "http";

    /// <summary>A PostgreSQL protocol answer, or <c>SELECT 1</c> with credentials.</summary>
    public const string Postgres = "postgres";

    /// <summary>
    /// A Supabase service (the <c>component</c> label: auth, rest, storage…) reached through the tenant's Kong with its
    /// anon key (<c>SUPAWATCH_API_CHECKS</c>).
    /// </summary>
    public const string Api = "api";

    /// <summary>The container's state, Docker health and restart count.</summary>
    public const string Container = "container";
}
