using Microsoft.Extensions.Configuration;

namespace Supawatch.MasterDb;

/// <summary>The master database that knows organizations and projects. Section <c>MasterDb</c>.</summary>
public sealed class MasterDbOptions
{
    public const string Section = "MasterDb";

    /// <summary>The <c>MasterDb</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static MasterDbOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<MasterDbOptions>() ?? new();

    /// <summary><c>MASTER_DB_URL</c>: <c>postgresql://user:pass@host:5432/db</c>. Optional; a secret.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// <c>MASTER_DB_QUERY</c>: replaces <see cref="MasterDbQuery.Default"/>. It must return the columns
    /// <c>instance_id, org_id, org_name, project_name, expected_state</c>.
    /// </summary>
    public string? Query { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Url);
}
