namespace Supawatch.Bench.Reconcile;

/// <summary>One container of a synthetic Supabase instance: its component suffix, image, port and command.</summary>
internal sealed record ComponentSpec(string Component, string Image, int Port, string[] Cmd)
{
    /// <summary>The three components Supawatch expects of every instance by default.</summary>
    public static readonly ComponentSpec[] All =
    [
        new("kong", "kong:2.8.1", 8000, ["/docker-entrypoint.sh", "kong", "docker-start"]),
        new("studio", "supabase/studio:20240326-5e5586d", 3000, ["node", "apps/studio/server.js"]),
        new("db", "supabase/postgres:15.1.1.41", 5432, ["postgres", "-c", "config_file=/etc/postgresql/postgresql.conf"]),
    ];
}
