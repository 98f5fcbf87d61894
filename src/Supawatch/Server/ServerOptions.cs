namespace Supawatch.Server;

/// <summary>Where the two HTTP listeners bind. Section <c>Server</c>.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>The <c>Server</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static ServerOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<ServerOptions>() ?? new();

    /// <summary><c>SUPAWATCH_METRICS_LISTEN</c>: <c>/metrics</c>, <c>/sd</c>, <c>/api/v1/*</c>, <c>/healthz</c>, <c>/readyz</c>.</summary>
    public string MetricsListen { get; set; } = "0.0.0.0:9200";

    /// <summary><c>SUPAWATCH_STATUS_LISTEN</c>: the public status page under <c>/status</c>.</summary>
    public string StatusListen { get; set; } = "0.0.0.0:8080";
}
