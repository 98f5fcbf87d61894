namespace Supawatch.Stack;

/// <summary>
/// docker-compose.monitoring.yml, laid out like the YAML (snake_case on output). No top-level <c>name:</c>: compose 1.x
/// refuses it; the project name (<see cref="DockerCompose.ProjectName"/>) is given with <c>-p</c> instead.
/// </summary>
public sealed class ComposeFile
{
    public Dictionary<string, ComposeService> Services { get; set; } = [];
    public Dictionary<string, Dictionary<string, string>> Volumes { get; set; } = [];
}

/// <summary>One service of the compose file.</summary>
public sealed class ComposeService
{
    public string Image { get; set; } = "";
    public ComposeBuild? Build { get; set; }
    public string? ContainerName { get; set; }
    public string? User { get; set; }
    public string? Pid { get; set; }
    public List<string> Command { get; set; } = [];
    public List<string> Ports { get; set; } = [];
    public List<string> Volumes { get; set; } = [];
    public List<string> EnvFile { get; set; } = [];
    public Dictionary<string, string> Environment { get; set; } = [];
    public List<string> ExtraHosts { get; set; } = [];
    public List<string> GroupAdd { get; set; } = [];
    public List<string> DependsOn { get; set; } = [];
    public ComposeHealthcheck? Healthcheck { get; set; }
    public string Restart { get; set; } = "unless-stopped";
}

/// <summary>Where compose builds an image from.</summary>
public sealed class ComposeBuild
{
    public string Context { get; set; } = ".";
    public string Dockerfile { get; set; } = "Dockerfile";
}

/// <summary>A container health check.</summary>
public sealed class ComposeHealthcheck
{
    public List<string> Test { get; set; } = [];
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
    public int Retries { get; set; } = 5;
    public TimeSpan StartPeriod { get; set; } = TimeSpan.FromSeconds(20);
}
