using Microsoft.Extensions.Configuration;

namespace Supawatch.Configuration;

/// <summary>Where Supawatch keeps its files. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The <c>Storage</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static StorageOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<StorageOptions>() ?? new();

    /// <summary><c>SUPAWATCH_DATA_DIR</c>: instances.json, status.json, the history store.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary><c>SUPAWATCH_LOG_DIR</c>: the health log; <c>/var/log</c> when writable, else <c>&lt;data&gt;/logs</c>.</summary>
    public string? LogDir { get; set; }

    public string InstancesFile => Path.Combine(DataDir, "instances.json");
}
