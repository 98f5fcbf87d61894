namespace Supawatch.Stack;

/// <summary>
/// The remote-write backends <c>stack setup</c> knows, and how each names a tenant: Mimir (and Cortex) by the
/// <c>X-Scope-OrgID</c> header, Thanos Receive by <c>THANOS-TENANT</c>, VictoriaMetrics cluster by the URL path
/// (<c>{tenant}</c> in <c>SUPAWATCH_REMOTE_WRITE_URL</c>), plain Prometheus not at all.
/// </summary>
public static class RemoteWriteKinds
{
    public const string Prometheus = "prometheus";
    public const string Mimir = "mimir";
    public const string Thanos = "thanos";
    public const string VictoriaMetrics = "victoriametrics";

    /// <summary>The placeholder for the tenant in a VictoriaMetrics URL, e.g. <c>http://vminsert:8480/insert/{tenant}/prometheus/api/v1/write</c>.</summary>
    public const string TenantPlaceholder = "{tenant}";

    public static readonly string[] All = [Prometheus, Mimir, Thanos, VictoriaMetrics];

    /// <summary>The header carrying the tenant; null when the backend takes it elsewhere or has none.</summary>
    public static string? TenantHeader(string kind) => kind switch
    {
        Mimir => "X-Scope-OrgID",
        Thanos => "THANOS-TENANT",
        _ => null,
    };
}
