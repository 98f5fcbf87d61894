namespace Supawatch.Stack;

/// <summary>prometheus.yml, laid out like the YAML (snake_case on output).</summary>
public sealed class PrometheusFile
{
    public PrometheusGlobal Global { get; set; } = new();
    public PrometheusAlerting Alerting { get; set; } = new();
    public List<string> RuleFiles { get; set; } = [];
    public List<ScrapeConfig> ScrapeConfigs { get; set; } = [];
    public List<RemoteWriteConfig> RemoteWrite { get; set; } = [];
}

/// <summary>The <c>global:</c> block.</summary>
public sealed class PrometheusGlobal
{
    public TimeSpan ScrapeInterval { get; set; }
    public TimeSpan EvaluationInterval { get; set; }
    public Dictionary<string, string> ExternalLabels { get; set; } = [];
}

/// <summary>The <c>alerting:</c> block: where firing alerts go.</summary>
public sealed class PrometheusAlerting
{
    public List<AlertmanagerTarget> Alertmanagers { get; set; } = [];
}

/// <summary>One Alertmanager entry of <c>alerting.alertmanagers</c>.</summary>
public sealed class AlertmanagerTarget
{
    public List<StaticConfig> StaticConfigs { get; set; } = [];
}

/// <summary>One scrape job.</summary>
public sealed class ScrapeConfig
{
    public string JobName { get; set; } = "";
    public TimeSpan? ScrapeInterval { get; set; }
    public string? MetricsPath { get; set; }
    public PrometheusAuthorization? Authorization { get; set; }
    public PrometheusBasicAuth? BasicAuth { get; set; }
    public List<StaticConfig> StaticConfigs { get; set; } = [];
    public List<FileSdConfig> FileSdConfigs { get; set; } = [];
    public List<HttpSdConfig> HttpSdConfigs { get; set; } = [];
}

/// <summary>Fixed targets with optional labels.</summary>
public sealed class StaticConfig
{
    public List<string> Targets { get; set; } = [];
    public Dictionary<string, string> Labels { get; set; } = [];
}

/// <summary>Targets read from a JSON file Supawatch writes.</summary>
public sealed class FileSdConfig
{
    public List<string> Files { get; set; } = [];
    public TimeSpan? RefreshInterval { get; set; }
}

/// <summary>Targets fetched from Supawatch's <c>/sd</c>.</summary>
public sealed class HttpSdConfig
{
    public string Url { get; set; } = "";
    public TimeSpan? RefreshInterval { get; set; }
    public PrometheusAuthorization? Authorization { get; set; }
    public PrometheusBasicAuth? BasicAuth { get; set; }
}

/// <summary>An <c>authorization:</c> block: the bearer token read from a file.</summary>
public sealed class PrometheusAuthorization
{
    public string Type { get; set; } = "Bearer";
    public string CredentialsFile { get; set; } = "";
}

/// <summary>A <c>basic_auth:</c> block: the password read from a file.</summary>
public sealed class PrometheusBasicAuth
{
    public string Username { get; set; } = "";
    public string PasswordFile { get; set; } = "";
}
