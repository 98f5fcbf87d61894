namespace Supawatch.Stack;

/// <summary>
/// The monitoring folder, laid out as the seed's: the files Prometheus, Alertmanager and Grafana read at the top,
/// Supawatch's data (instances.json, status.json, history) in <c>data/</c>, and the native runtime's PID files,
/// logs and databases in <c>run/</c>, <c>logs/</c> and <c>data/</c>.
/// </summary>
public sealed class StackLayout(string directory)
{
    /// <summary>The default of <c>--dir</c>, as in the contract.</summary>
    public const string DefaultDirectory = "./monitoring";

    public const string ComposeFileName = "docker-compose.monitoring.yml";
    public const string PrometheusFileName = "prometheus.yml";

    /// <summary>The file_sd file Supawatch writes, relative to prometheus.yml.</summary>
    public const string InstancesFile = "data/instances.json";

    public string Root { get; } = Path.GetFullPath(directory);

    public string ComposeFile => Path.Combine(Root, ComposeFileName);
    public string PrometheusFile => Path.Combine(Root, PrometheusFileName);
    public string AlertsDirectory => Path.Combine(Root, "alerts");
    public string AlertmanagerFile => Path.Combine(AlertsDirectory, "alertmanager.yml");
    public string GrafanaDirectory => Path.Combine(Root, "grafana");
    public string StatusDirectory => Path.Combine(Root, "status");
    public string DataDirectory => Path.Combine(Root, "data");
    public string LogsDirectory => Path.Combine(Root, "logs");
    public string RunDirectory => Path.Combine(Root, "run");
    public string SecretsDirectory => Path.Combine(Root, "secrets");
    public string GrafanaPasswordFile => Path.Combine(SecretsDirectory, "grafana-admin-password");

    /// <summary>The secret seed variables setup was given (<c>MASTER_DB_URL</c>, webhooks, …), mode 600; see <see cref="RecordedVariables"/>.</summary>
    public string SecretVariablesFile => Path.Combine(SecretsDirectory, "variables.json");

    /// <summary>Every recorded variable as <c>NAME=value</c> lines, mode 600: the compose file's Supawatch reads it (<c>env_file</c>).</summary>
    public string SupawatchEnvFile => Path.Combine(SecretsDirectory, "supawatch.env");

    /// <summary>Checksums of the files setup wrote, to tell its own files from the user's edits.</summary>
    public string ManifestFile => Path.Combine(Root, ".supawatch-manifest.json");

    public string StagingDirectory => Path.Combine(Root, ".supawatch-staging");

    public string PidFile(string component) => Path.Combine(RunDirectory, component + ".pid");

    /// <summary><c>run/&lt;component&gt;.supervisor</c>: the PID of the shell that restarts the component when it dies (not <c>*.pid</c>, which name the components).</summary>
    public string SupervisorPidFile(string component) => Path.Combine(RunDirectory, component + ".supervisor");

    /// <summary><c>run/&lt;component&gt;.state</c>: the supervisor's record (state, restarts, last exit, since).</summary>
    public string StateFile(string component) => Path.Combine(RunDirectory, component + ".state");

    /// <summary>What a running native component was started with (hashes of its settings and files): setup restarts or reloads only what differs.</summary>
    public string InputsFile(string component) => Path.Combine(RunDirectory, component + ".inputs");

    public string LogFile(string component) => Path.Combine(LogsDirectory, component + ".log");

    public string ComponentData(string component) => Path.Combine(DataDirectory, component);

    /// <summary>The path relative to <see cref="Root"/> with forward slashes, as the manifest and messages show it.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
